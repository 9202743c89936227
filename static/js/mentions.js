// "@" in a post box offers names: typing "@te" lists the people and organisations that start so
// (discussions.views.mention_suggestions), in a list under the box. Arrow keys move through it,
// Enter or Tab puts "@name " in the text, Escape closes it; a click does the same. The box keeps
// the focus throughout (aria-activedescendant), and a status line says how many names there are.
// In a thread, only people who may read it are offered (data-mentions-thread); in a new thread,
// only who may read what its form chooses at that moment (data-mentions-audience names the fields).
// Without this script "@name" typed by hand works as ever.
(function () {
  "use strict";

  var TYPED = /(^|[^\w@/])@([A-Za-z0-9][\w.-]*)$/;  // "@" and a name begun, just before the caret

  document.querySelectorAll("textarea[data-mentions]").forEach(function (box) {
    var list = document.createElement("ul");
    list.id = box.id + "-namen";
    list.className = "mention-list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", box.dataset.mentionsLabel || "");
    list.hidden = true;
    var status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    box.insertAdjacentElement("afterend", list);
    list.insertAdjacentElement("afterend", status);
    box.setAttribute("aria-autocomplete", "list");
    box.setAttribute("aria-controls", list.id);

    var results = [];
    var active = -1;
    var timer = null;
    var asked = 0;

    var typed = function () {
      if (box.selectionStart !== box.selectionEnd) { return null; }
      var match = TYPED.exec(box.value.slice(0, box.selectionStart));
      return match ? { start: box.selectionStart - match[2].length - 1, name: match[2] } : null;
    };
    var close = function () {
      list.hidden = true;
      list.textContent = "";
      results = [];
      active = -1;
      box.removeAttribute("aria-activedescendant");
    };
    var highlight = function (index) {
      active = index;
      Array.prototype.forEach.call(list.children, function (option, i) {
        option.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      box.setAttribute("aria-activedescendant", list.children[index].id);
      list.children[index].scrollIntoView({ block: "nearest" });
    };
    var choose = function (index) {
      var at = typed();
      if (!at || !results[index]) { close(); return; }
      var handle = "@" + results[index].handle + " ";
      var after = box.value.slice(box.selectionStart);
      box.value = box.value.slice(0, at.start) + handle + after.replace(/^[\w.-]*\s?/, "");
      var caret = at.start + handle.length;
      box.setSelectionRange(caret, caret);
      box.dispatchEvent(new Event("input", { bubbles: true }));  // a draft keeps it (drafts.js)
      close();
      status.textContent = handle.trim();
    };
    var show = function (found, announcement) {
      list.textContent = "";
      results = found;
      found.forEach(function (result, i) {
        var option = document.createElement("li");
        option.id = list.id + "-" + i;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        var name = document.createElement("span");
        name.textContent = result.name;
        option.appendChild(name);
        option.appendChild(document.createTextNode(" @" + result.handle));
        if (result.detail) {
          var detail = document.createElement("span");
          detail.className = "meta";
          detail.textContent = " · " + result.detail;
          option.appendChild(detail);
        }
        // mousedown, not click: the box keeps the focus (and with it the caret).
        option.addEventListener("mousedown", function (event) { event.preventDefault(); choose(i); });
        list.appendChild(option);
      });
      list.hidden = found.length === 0;
      status.textContent = announcement;
      if (found.length) { highlight(0); } else { box.removeAttribute("aria-activedescendant"); }
    };
    var lookUp = function () {
      var at = typed();
      if (!at) { close(); return; }
      var question = ++asked;
      var query = new URLSearchParams({ q: at.name });
      if (box.dataset.mentionsThread) { query.set("discussie", box.dataset.mentionsThread); }
      if (box.dataset.mentionsAudience && box.form) {
        var fields = box.dataset.mentionsAudience.split(" ");
        var readers = box.form.elements[fields[0]];
        var group = box.form.elements[fields[1]];
        if (readers && readers.value) { query.set("zichtbaarheid", readers.value); }
        if (group && group.value) { query.set("werkgroep", group.value); }
      }
      fetch(box.dataset.mentions + "?" + query.toString(), { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (answer) {
          if (answer && question === asked && typed()) { show(answer.results, answer.announcement); }
        })
        .catch(function () { close(); });
    };

    box.addEventListener("input", function () {
      window.clearTimeout(timer);
      if (!typed()) { close(); return; }
      timer = window.setTimeout(lookUp, 150);
    });
    box.addEventListener("keydown", function (event) {
      if (list.hidden || !results.length) { return; }
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        var step = event.key === "ArrowDown" ? 1 : results.length - 1;
        highlight((active + step) % results.length);
      } else if (event.key === "Enter" || event.key === "Tab") {
        event.preventDefault();
        choose(active);
      } else if (event.key === "Escape") {
        event.preventDefault();
        close();
      }
    });
    box.addEventListener("blur", close);
    box.addEventListener("click", function () { if (!typed()) { close(); } });
  });
})();
