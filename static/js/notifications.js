// Opens the signed-in user's notification socket and reconnects with back-off when it drops.
(function () {
  "use strict";
  var path = document.body.dataset.notificationsUrl;
  if (!path || !("WebSocket" in window)) { return; }
  var delay = 1000;
  function connect() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + window.location.host + path);
    socket.addEventListener("open", function () { delay = 1000; document.body.dataset.live = "connected"; });
    socket.addEventListener("message", function (event) {
      var data = JSON.parse(event.data);
      document.dispatchEvent(new CustomEvent("platform:notification", { detail: data }));
    });
    socket.addEventListener("close", function (event) {
      document.body.dataset.live = "disconnected";
      if (event.code === 4401) { return; }  // not signed in: do not retry
      window.setTimeout(connect, delay);
      delay = Math.min(delay * 2, 30000);
    });
  }
  connect();
})();
