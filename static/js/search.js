// Suggestions as you type in the search box on every page (a native datalist, so it stays accessible).
(function () {
  "use strict";
  var input = document.getElementById("site-search-q");
  var list = document.getElementById("site-search-suggestions");
  if (!input || !list || !window.fetch) { return; }
  var timer = null;
  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    var value = input.value.trim();
    if (value.length < 2) { return; }
    timer = window.setTimeout(function () {
      fetch(input.dataset.suggestUrl + "?q=" + encodeURIComponent(value), { credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (data) {
          list.textContent = "";
          data.suggestions.forEach(function (item) {
            var option = document.createElement("option");
            option.value = item.title;
            list.appendChild(option);
          });
        })
        .catch(function () {});
    }, 150);
  });
})();
