/* Draws the reports' charts with Chart.js (vendored). Each <canvas data-chart="ID"> reads its
   spec from the JSON script element ID (written by Django's json_script): labels, series, unit,
   stacked. The data table next to each chart holds the same figures. */
(function () {
  if (typeof Chart === 'undefined') { return; }
  var lang = document.documentElement.lang || 'fr';
  function fmt(unit, value) {
    var options = unit === 'credits' ? { minimumFractionDigits: 0, maximumFractionDigits: 2 } : {};
    return new Intl.NumberFormat(lang, options).format(value);
  }
  function config(spec) {
    var horizontal = spec.type === 'hbar';
    var type = horizontal ? 'bar' : spec.type;
    var datasets = spec.series.map(function (s) {
      var color = s.color;
      var set = { label: s.label, data: s.data, backgroundColor: color, borderColor: color };
      if (type === 'line') { set.fill = false; set.tension = 0; set.pointRadius = 2; set.stepped = true; }
      return set;
    });
    if (type === 'doughnut') {
      var palette = ['#1b6e5a', '#f2a541', '#3d5a98', '#8a4fbf', '#9aa5b1', '#c0392b'];
      datasets[0].backgroundColor = spec.labels.map(function (_, i) { return palette[i % palette.length]; });
      datasets[0].borderColor = '#fff';
    } else if (spec.colors) {
      datasets[0].backgroundColor = spec.colors;
    }
    var options = {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: {
        legend: { display: spec.series.length > 1 || type === 'doughnut', position: 'bottom' },
        tooltip: {
          callbacks: {
            label: function (ctx) {
              var value = ctx.parsed && typeof ctx.parsed === 'object' ? (horizontal ? ctx.parsed.x : ctx.parsed.y) : ctx.parsed;
              return (ctx.dataset.label ? ctx.dataset.label + ' : ' : '') + fmt(spec.unit, value);
            }
          }
        }
      }
    };
    if (type !== 'doughnut') {
      var valueAxis = { beginAtZero: true, stacked: !!spec.stacked, ticks: { callback: function (v) { return fmt(spec.unit, v); } } };
      var categoryAxis = { stacked: !!spec.stacked, ticks: { autoSkip: true, maxRotation: 45 } };
      options.indexAxis = horizontal ? 'y' : 'x';
      options.scales = horizontal ? { x: valueAxis, y: categoryAxis } : { x: categoryAxis, y: valueAxis };
    }
    return { type: type, data: { labels: spec.labels, datasets: datasets }, options: options };
  }
  document.querySelectorAll('canvas[data-chart]').forEach(function (canvas) {
    var source = document.getElementById(canvas.dataset.chart);
    if (!source) { return; }
    var spec = JSON.parse(source.textContent);
    if (spec.type === 'hbar') {
      canvas.parentElement.style.height = Math.max(160, 26 * spec.labels.length + 60) + 'px';
    }
    new Chart(canvas, config(spec));
  });
})();
