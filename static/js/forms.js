// A form sent back with errors opens with a summary of them (accounts/_form_fields.html): the
// focus moves there, so the page scrolls to it and a screen reader reads it, and each of its
// links puts the focus in the field it names. Without this script the summary is still there.
// A button with data-confirm asks first (an act that cannot be undone); listened for before the
// form's own handlers, so a "no" leaves the form as it was (data-submit-once lets it be sent later).
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var button = event.submitter;
    if (button && button.dataset.confirm && !window.confirm(button.dataset.confirm)) {
      event.preventDefault();
    }
  }, true);

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
