// What someone typed in a form for new content (a proposal, a thread, a reply) or in an edit of a
// post is kept in this tab until the platform has stored it: a form refused because the session
// or its security token ran out, a page that could not be reached, or a click away no longer
// loses the text. Coming back to the empty form puts it back, with a notice and a button to throw
// it away. A form that opens with text (`data-draft-edit`) keeps what differs from that text and
// puts it back into the form as the server sent it, with the version it was typed over: if the
// post changed since, saving shows the conflict and the new text, never overwrites it unseen.
// The page after a stored form carries `data-draft-sent` (a message from the server); then the
// copy goes. Kept in sessionStorage only (this tab, gone when it closes), per person, and cleared
// at logging out.
(function () {
  "use strict";

  var PREFIX = "rgw-draft:";
  var SENT = "rgw-draft-sent";
  var storage;
  try { storage = window.sessionStorage; storage.getItem(SENT); } catch (e) { return; }

  if (document.querySelector("[data-draft-sent]")) {
    var sent = storage.getItem(SENT);
    if (sent) { storage.removeItem(PREFIX + sent); }
    storage.removeItem(SENT);
  }

  document.querySelectorAll("form[data-logout]").forEach(function (form) {
    form.addEventListener("submit", function () {
      Object.keys(storage).forEach(function (key) {
        if (key.indexOf(PREFIX) === 0 || key === SENT) { storage.removeItem(key); }
      });
    });
  });

  var kept = function (field) {
    return field.name && field.name !== "csrfmiddlewaretoken" && field.type !== "submit" &&
      field.type !== "button" && field.type !== "file";
  };
  var text = function (field) { return field.tagName === "TEXTAREA" || field.type === "text"; };
  var typed = function (field) { return text(field) && field.value.trim() !== ""; };
  var changed = function (field) { return text(field) && field.value !== field.defaultValue; };

  document.querySelectorAll("form[data-draft]").forEach(function (form) {
    var key = PREFIX + form.dataset.draft;
    var fields = Array.prototype.filter.call(form.elements, kept);
    var notice = form.querySelector("[data-draft-restored]");
    var editing = form.dataset.draftEdit !== undefined;
    var worth = editing ? changed : typed;

    var save = function () {
      var values = {};
      var anything = false;
      fields.forEach(function (field) {
        if (field.type === "radio" || field.type === "checkbox") {
          if (field.checked) { (values[field.name] = values[field.name] || []).push(field.value); }
        } else {
          values[field.name] = [field.value];
        }
        anything = anything || worth(field);
      });
      if (anything) { storage.setItem(key, JSON.stringify(values)); } else { storage.removeItem(key); }
    };

    var saved = storage.getItem(key);
    var values = saved && JSON.parse(saved);
    var other = function (field) {
      return text(field) && values[field.name] && values[field.name][0] !== field.value;
    };
    // Put back only into a form as the server sent it (empty, or for an edit its text unchanged)
    // and only what differs: a form the server sent back with errors has the text already.
    if (values && !fields.some(worth) && fields.some(other)) {
      fields.forEach(function (field) {
        var value = values[field.name];
        if (!value) { return; }
        if (field.type === "radio" || field.type === "checkbox") {
          field.checked = value.indexOf(field.value) !== -1;
        } else {
          field.value = value[0];
        }
      });
      if (notice) { notice.hidden = false; }
    }

    var timer = null;
    form.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(save, 300);
    });
    form.addEventListener("change", save);
    form.addEventListener("submit", function () {
      save();
      storage.setItem(SENT, form.dataset.draft);
    });
    if (notice) {
      notice.querySelector("[data-draft-discard]").addEventListener("click", function () {
        storage.removeItem(key);
        fields.forEach(function (field) {
          if (field.type === "hidden") { return; }
          if (field.type === "radio" || field.type === "checkbox") {
            field.checked = field.defaultChecked;
          } else if (field.tagName === "SELECT") {
            Array.prototype.forEach.call(field.options, function (option) { option.selected = option.defaultSelected; });
          } else {
            field.value = field.defaultValue;
          }
        });
        notice.hidden = true;
        var first = fields.filter(function (field) { return field.type !== "hidden"; })[0];
        if (first) { first.focus(); }
      });
    }
  });
})();
