/* Behaviour the templates once wrote inline (onchange=, onsubmit=, style=): the
   Content-Security-Policy runs no inline script nor style attribute (docs/security.md).
   - <select data-autosubmit>: submits its form when it changes (the language switch);
   - <form data-confirm="question">: asks before submitting;
   - [data-progress="42"]: a progress bar 42 % wide, also in content HTMX swaps in. */
(function () {
  document.addEventListener('change', function (event) {
    var field = event.target;
    if (field.matches && field.matches('select[data-autosubmit]') && field.form) {
      field.form.requestSubmit ? field.form.requestSubmit() : field.form.submit();
    }
  });
  document.addEventListener('submit', function (event) {
    var question = event.target.getAttribute && event.target.getAttribute('data-confirm');
    if (question && !window.confirm(question)) { event.preventDefault(); }
  });
  function sizeBars(root) {
    root.querySelectorAll('[data-progress]').forEach(function (bar) {
      var value = Math.max(0, Math.min(100, parseFloat(bar.getAttribute('data-progress')) || 0));
      bar.style.width = value + '%';
    });
  }
  if (window.htmx) { window.htmx.onLoad(sizeBars); } else { sizeBars(document); }
})();
