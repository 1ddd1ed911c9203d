// Progressive enhancement only: every page works without this script.
// After a failed submission, move focus to the error summary so screen readers announce it first.
document.addEventListener('DOMContentLoaded', function () {
  var summary = document.getElementById('erreurs');
  if (summary) summary.focus();
});

// Printable pages carry a hidden « Imprimer » button (the page says how to print without it): show it and wire it.
document.addEventListener('DOMContentLoaded', function () {
  document.querySelectorAll('button[data-print]').forEach(function (button) {
    button.hidden = false;
    button.addEventListener('click', function () {
      window.print();
    });
  });
});
