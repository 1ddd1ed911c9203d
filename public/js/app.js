// Progressive enhancement only: every page works without this script.
// After a failed submission, move focus to the error summary so screen readers announce it first.
document.addEventListener('DOMContentLoaded', function () {
  var summary = document.getElementById('erreurs');
  if (summary) summary.focus();
});
