// On a phone the header folds the account links and the main menu behind one button, so a page's
// own content starts in the first screen. Without this script (or on a wide screen) both stay open.
(function () {
  "use strict";
  var button = document.querySelector("[data-menu-button]");
  var header = document.querySelector(".site-header");
  if (!button || !header) { return; }

  function setOpen(open) {
    button.setAttribute("aria-expanded", String(open));
    header.dataset.menu = open ? "open" : "closed";
  }

  button.hidden = false;
  setOpen(false);
  button.addEventListener("click", function () {
    setOpen(button.getAttribute("aria-expanded") !== "true");
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && header.dataset.menu === "open") {
      setOpen(false);
      button.focus();
    }
  });
})();
