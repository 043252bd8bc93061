/* Draws the businesses on a Leaflet map. Works without tiles (offline): the markers are still
   placed, and a note says the background is missing. */
(function () {
  function draw(el) {
    var points = JSON.parse(document.getElementById(el.dataset.points).textContent);
    var map = L.map(el, { scrollWheelZoom: false });
    var tiles = el.dataset.tiles;
    if (tiles) {
      var layer = L.tileLayer(tiles, {
        maxZoom: 18,
        attribution: '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'
      });
      var failed = 0;
      layer.on('tileerror', function () {
        failed += 1;
        if (failed === 3) { el.parentElement.classList.add('map-offline'); }
      });
      layer.addTo(map);
    } else {
      el.parentElement.classList.add('map-offline');
    }
    var bounds = [];
    points.forEach(function (p) {
      var marker = L.circleMarker([p.lat, p.lon], {
        radius: 7, weight: 2, color: '#fff', fillOpacity: 0.9,
        fillColor: p.ess ? '#1b6e5a' : '#3d5a98'
      }).addTo(map);
      var link = document.createElement('a');
      link.href = p.url;
      link.textContent = p.name;
      var box = document.createElement('div');
      box.appendChild(link);
      box.appendChild(document.createElement('br'));
      box.appendChild(document.createTextNode(p.commune));
      marker.bindPopup(box);
      bounds.push([p.lat, p.lon]);
    });
    if (bounds.length) { map.fitBounds(bounds, { padding: [20, 20], maxZoom: 13 }); }
    else { map.setView([48.6, 2.55], 9); }
  }
  document.querySelectorAll('[data-points]').forEach(draw);
})();
