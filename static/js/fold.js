// On a phone, long filter panels (the agenda's filters, the search's facets) start folded, so
// the results start in the first screen; their summary says how many filters are on. Without
// this script, or on a wide screen, they stay open.
// It is loaded right after its panel and not deferred, so the panel is folded before the browser
// draws what follows it: folded later, the results below jumped up on a phone.
(function () {
  "use strict";
  var panel = document.currentScript && document.currentScript.previousElementSibling;
  if (!panel || !panel.matches("details[data-fold-narrow]")) { return; }
  if (window.matchMedia("(max-width: 50rem)").matches) { panel.open = false; }
})();
