// The signed-in user's notification socket: keeps the bell's unread count live, reconnects with
// back-off when the connection drops, and on every (re)connect asks what it missed.
// Other scripts listen for "platform:notification" and "platform:connected" events and send
// through window.platformSocket.
(function () {
  "use strict";
  var body = document.body;
  var path = body.dataset.notificationsUrl;
  if (!path || !("WebSocket" in window)) { return; }
  var delay = 1000;
  var socket = null;
  var lastSeen = Number(body.dataset.lastNotification || 0);  // the newest this page knows of
  var countEl = document.querySelector("[data-unread-count]");
  var labelEl = document.querySelector("[data-unread-label]");
  var announcer = document.querySelector("[data-live-announcer]");

  function setUnread(count) {
    if (!countEl) { return; }
    var english = document.documentElement.lang === "en";
    var shown = count.toLocaleString(english ? "en" : "nl");  // 1.234 or 1,234, as the server writes it
    countEl.textContent = shown;
    countEl.hidden = count === 0;
    if (labelEl) { labelEl.textContent = shown + (english ? " unread" : " ongelezen"); }
  }

  // A notification carries its title in each of the platform's languages; say the page's one.
  function titleOf(n) {
    return (n.titles && n.titles[document.documentElement.lang]) || n.title;
  }

  // The title to announce, with what people wrote (delimited by U+E000 and U+E001) in a span
  // in the language it was written in, so a screen reader reads a Dutch title on the English
  // site as Dutch.
  function titleNode(n) {
    var marked = n.marked_titles && n.marked_titles[document.documentElement.lang];
    var fragment = document.createDocumentFragment();
    if (!marked) { fragment.appendChild(document.createTextNode(titleOf(n))); return fragment; }
    var span = null;
    marked.split(/([\ue000\ue001])/).forEach(function (part) {
      if (part === "\ue000") {
        span = document.createElement("span");
        span.lang = n.written_in;
        fragment.appendChild(span);
      } else if (part === "\ue001") {
        span = null;
      } else if (part) {
        (span || fragment).appendChild(document.createTextNode(part));
      }
    });
    return fragment;
  }

  function announce(node) {
    if (announcer) { announcer.textContent = ""; window.setTimeout(function () { announcer.replaceChildren(node); }, 50); }
  }

  function handle(data) {
    if (data.type === "notification") {
      if (data.id > lastSeen) { lastSeen = data.id; }
      setUnread(data.unread);
      announce(titleNode(data));
    } else if (data.type === "unread") {
      setUnread(data.unread);
    } else if (data.type === "sync") {
      setUnread(data.unread);
      data.missed.forEach(function (n) { if (n.id > lastSeen) { lastSeen = n.id; } });
      if (data.missed.length) { announce(titleNode(data.missed[data.missed.length - 1])); }
    }
    document.dispatchEvent(new CustomEvent("platform:notification", { detail: data }));
  }

  window.platformSocket = {
    send: function (message) {
      if (socket && socket.readyState === WebSocket.OPEN) { socket.send(JSON.stringify(message)); return true; }
      return false;
    }
  };

  function connect() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + window.location.host + path);
    socket.addEventListener("open", function () {
      delay = 1000;
      body.dataset.live = "connected";
      socket.send(JSON.stringify({ type: "sync", after: lastSeen }));
      document.dispatchEvent(new CustomEvent("platform:connected"));
    });
    socket.addEventListener("message", function (event) { handle(JSON.parse(event.data)); });
    socket.addEventListener("close", function (event) {
      body.dataset.live = "disconnected";
      if (event.code === 4401) { return; }  // not signed in: do not retry
      window.setTimeout(connect, delay);
      delay = Math.min(delay * 2, 30000);
    });
  }
  connect();
})();
