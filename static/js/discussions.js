// Threads: new posts appear live, and after a dropped connection the missed ones are fetched.
// Proposal form: shows similar proposals and threads while typing. Forms: submit only once.
(function () {
  "use strict";

  // One submit per form: a double click sends one request (the server also refuses a second).
  document.querySelectorAll("[data-submit-once]").forEach(function (button) {
    button.form.addEventListener("submit", function (event) {
      if (event.defaultPrevented || (event.submitter && event.submitter !== button)) { return; }
      if (button.form.dataset.submitted) { event.preventDefault(); return; }
      button.form.dataset.submitted = "1";
      button.setAttribute("aria-disabled", "true");
    });
  });

  var posts = document.querySelector("[data-posts]");
  if (posts) {
    var threadId = Number(posts.dataset.thread);
    var userId = Number(posts.dataset.user || 0);
    // A post that arrives or changes state live gets the tools this page has for its state (the
    // templates under the posts, rendered for this reader: quote, edit, report, hide or show).
    var giveTools = function (article, data) {
      var key = data.erased ? "erased"
        : (data.hidden ? "hidden" : "visible") + (data.author === userId ? "-own" : "");
      var template = document.querySelector("template[data-post-tools='" + key + "']");
      if (!template) { return; }
      var holder = document.createElement("template");
      holder.innerHTML = template.innerHTML.split(template.dataset.placeholder).join(String(data.id)).trim();
      article.appendChild(holder.content);
    };
    var lastPost = Number(posts.dataset.lastPost || 0);
    var note = document.querySelector("[data-new-posts-note]");
    var status = document.querySelector("[data-live-status]");
    var subscribe = function () {
      window.platformSocket && window.platformSocket.send({ type: "subscribe", thread: threadId, after: lastPost, language: document.documentElement.lang });
    };
    document.addEventListener("platform:connected", subscribe);
    subscribe();
    // The expert team closes or opens the thread, or someone gives it another subject, while
    // the page is open: it says so at once. Who cannot post in a closed thread is told above
    // the reply they are writing, which stays to copy; the button no longer sends it.
    var closed = document.querySelector("[data-thread-closed]");
    var reopened = document.querySelector("[data-thread-reopened]");
    var closedNote = document.querySelector("[data-closed-while-writing]");
    if (reopened) {
      reopened.querySelector("[data-reload-to]").addEventListener("click", function (event) {
        window.location.hash = event.currentTarget.dataset.reloadTo;  // back at the reply form
        window.location.reload();
      });
    }
    var threadChanged = function (data) {
      if (data.type === "thread_locked" && closed) {
        closed.querySelector("[data-closed-reason]").textContent = data.reason || "";
        closed.hidden = !data.locked;
        if (reopened) { reopened.hidden = data.locked; }
        if (closedNote) {
          closedNote.hidden = !data.locked;
          closedNote.closest("form").querySelector("button[type=submit]").disabled = data.locked;
        }
      } else if (data.type === "thread_renamed") {
        var heading = document.querySelector("main h1");
        var before = heading.textContent;
        heading.textContent = data.title;
        document.title = document.title.replace(before, data.title);
      }
    };
    // Posts shown live are read: tell the platform (once things are quiet, and only while the
    // page is in view), so the list and the next visit do not mark them new.
    var newLabel = document.querySelector("template[data-new-label]");
    var markNew = function (article) {
      article.classList.add("post--new");
      var meta = article.querySelector(".post__meta");
      if (newLabel && meta) { meta.appendChild(newLabel.content.cloneNode(true)); }
    };
    var readUpTo = lastPost;
    var readTimer = null;
    var markRead = function () {
      if (readTimer || lastPost <= readUpTo) { return; }
      if (document.visibilityState !== "visible") { return; }
      readTimer = window.setTimeout(function () {
        readTimer = null;
        var token = document.querySelector("[name=csrfmiddlewaretoken]");
        if (!token || lastPost <= readUpTo) { return; }
        var upTo = lastPost;
        var body = new URLSearchParams({ tot: String(upTo) });
        fetch(posts.dataset.readUrl, {
          method: "POST",
          body: body,
          credentials: "same-origin",
          headers: { "X-CSRFToken": token.value },
        }).then(function (response) {
          if (response.ok && upTo > readUpTo) { readUpTo = upTo; }
        }).catch(function () { /* the next post or visit tries again */ });
      }, 2000);
    };
    document.addEventListener("visibilitychange", markRead);
    document.addEventListener("platform:notification", function (event) {
      var data = event.detail;
      if (data.type === "subscribed" && data.thread === threadId && status) { status.hidden = false; }
      if (data.thread === threadId && !data.html) { threadChanged(data); }
      if (data.thread !== threadId || !data.html) { return; }
      var existing = document.getElementById("bericht-" + data.id);
      var template = document.createElement("template");
      template.innerHTML = data.html.trim();
      var fresh = template.content.firstElementChild;
      if (existing) {
        // An edit: replace the text, keep the tools this page rendered for this user (an open
        // report or hide form keeps what was typed). A post hidden or shown again gets the tools
        // of its new state: quoting or editing what is hidden now, or hiding it again, is gone;
        // erased for good, showing it again is gone too.
        var tools = existing.querySelector(".post__tools");
        var sameState = existing.classList.contains("post--hidden") === Boolean(data.hidden) &&
          existing.classList.contains("post--erased") === Boolean(data.erased);
        if (tools && sameState) { fresh.appendChild(tools); } else { giveTools(fresh, data); }
        if (existing.classList.contains("post--new")) { markNew(fresh); }  // still new to them
        existing.replaceWith(fresh);
        return;
      }
      if (data.type !== "post") { return; }
      if (data.author !== userId) { markNew(fresh); }
      giveTools(fresh, data);
      posts.appendChild(fresh);
      if (data.id > lastPost) { lastPost = data.id; posts.dataset.lastPost = String(lastPost); }
      if (note) { note.hidden = false; }
      markRead();
    });
  }

  var form = document.querySelector("[data-similar-url]");
  if (form) {
    var box = form.querySelector("[data-similar]");
    var title = form.querySelector("[name=title]");
    var problem = form.querySelector("[name=problem]");
    var timer = null;
    var lookUp = function () {
      var params = new URLSearchParams({ title: title.value, problem: problem.value });
      fetch(form.dataset.similarUrl + "?" + params.toString(), { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.text() : ""; })
        .then(function (html) {
          box.innerHTML = html;
          box.hidden = html.trim() === "";
        })
        .catch(function () { /* the button below still checks on the server */ });
    };
    [title, problem].forEach(function (field) {
      field && field.addEventListener("input", function () {
        window.clearTimeout(timer);
        timer = window.setTimeout(lookUp, 400);
      });
    });
  }
})();
