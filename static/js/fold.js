// On a phone, long filter panels (the agenda's filters, the search's facets) start folded, so
// the results start in the first screen; their summary says how many filters are on. Without
// this script, or on a wide screen, they stay open.
(function () {
  "use strict";
  if (!window.matchMedia("(max-width: 50rem)").matches) { return; }
  document.querySelectorAll("details[data-fold-narrow]").forEach(function (panel) {
    panel.open = false;
  });
})();
