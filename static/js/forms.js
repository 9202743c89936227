// A form sent back with errors opens with a summary of them (accounts/_form_fields.html): the
// focus moves there, so the page scrolls to it and a screen reader reads it, and each of its
// links puts the focus in the field it names. Without this script the summary is still there.
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (!summary) { return; }
  summary.focus();
  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    var field = link && document.getElementById(link.getAttribute("href").slice(1));
    if (!field) { return; }
    event.preventDefault();
    field.focus();
  });
})();
