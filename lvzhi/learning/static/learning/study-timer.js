// Study time, measured honestly: the seconds this page was visible (the tab in front, the phone's
// screen on), counted in the browser and sent with "mark studied". Nothing is inferred on the server.
(function () {
  "use strict";
  var forms = document.querySelectorAll("form[data-study-timer]");
  var shown = document.querySelector("[data-study-elapsed]");
  if (!forms.length && !shown) return;
  var seconds = 0;
  var since = document.visibilityState === "visible" ? Date.now() : null;

  function total() {
    var running = since === null ? 0 : (Date.now() - since) / 1000;
    return Math.floor(seconds + running);
  }
  function pause() {
    if (since !== null) {
      seconds += (Date.now() - since) / 1000;
      since = null;
    }
  }
  function show() {
    if (!shown) return;
    var t = total();
    shown.textContent = Math.floor(t / 60) + ":" + String(t % 60).padStart(2, "0");
  }
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") {
      if (since === null) since = Date.now();
    } else {
      pause();
    }
  });
  window.addEventListener("pagehide", pause);
  forms.forEach(function (form) {
    form.addEventListener("submit", function () {
      var input = form.querySelector("input[name=seconds]");
      if (input) input.value = String(Math.min(total(), 28800));
    });
  });
  show();
  window.setInterval(show, 1000);
})();
