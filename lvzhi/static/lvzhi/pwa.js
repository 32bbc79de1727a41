/* The installable app and the idle timeout (config from {% pwa_config %}, lvzhi.drafts).
   - registers the service worker (/sw.js, scope "/");
   - the session ends after `idleSeconds` without a request; `warnSeconds` before that a notice
     offers to stay logged in (a keep-alive request renews the session). Every tab shares the time
     of the last request through localStorage, so a busy tab keeps the others from warning. */
(function () {
  "use strict";
  var node = document.getElementById("lvzhi-pwa-config");
  if (!node) return;
  var config = JSON.parse(node.textContent);
  window.lvzhiPwa = config;

  if ("serviceWorker" in navigator && window.isSecureContext) {
    navigator.serviceWorker.register(config.serviceWorker, { scope: "/" }).catch(function () {});
  }
  if (!config.user) return;

  var STAMP = "lvzhi-last-request";
  var GRACE = 2;  // seconds past the end, so that the session cookie has surely expired
  var notice = null;
  var timer = null;

  function now() { return Date.now(); }
  function stamp() {
    try { localStorage.setItem(STAMP, String(now())); } catch (e) { /* private mode */ }
    hide();
    schedule();
  }
  function last() {
    var value = 0;
    try { value = parseInt(localStorage.getItem(STAMP), 10) || 0; } catch (e) { value = 0; }
    return Math.max(value, loadedAt);
  }
  function remaining() { return config.idleSeconds - Math.floor((now() - last()) / 1000); }

  function hide() {
    if (notice) { notice.remove(); notice = null; }
  }
  function button(label, css, action) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "btn " + css;
    b.textContent = label;
    b.addEventListener("click", action);
    return b;
  }
  function show() {
    if (!notice) {
      notice = document.createElement("div");
      notice.className = "lvzhi-idle-warning alert alert-warning shadow";
      notice.setAttribute("role", "alertdialog");
      notice.setAttribute("data-testid", "idle-warning");
      var text = document.createElement("p");
      text.className = "mb-2";
      notice.appendChild(text);
      var actions = document.createElement("div");
      actions.className = "d-flex gap-2 justify-content-end";
      actions.appendChild(button(config.text.leave, "btn-outline-secondary", leave));
      actions.appendChild(button(config.text.stay, "btn-primary", stay));
      notice.appendChild(actions);
      document.body.appendChild(notice);
    }
    notice.firstChild.textContent = config.text.warn.replace("%(s)s", Math.max(remaining(), 0));
  }
  function toLogin() {
    document.dispatchEvent(new CustomEvent("lvzhi:before-expiry"));
    var next = location.pathname + location.search;
    location.assign(config.login + "?expired=1&next=" + encodeURIComponent(next));
  }
  // The session has ended: open the page again and the server sends the user to the login page,
  // which brings them back here (should the session still be alive, the page simply reloads).
  function expired() {
    document.dispatchEvent(new CustomEvent("lvzhi:before-expiry"));
    location.assign(location.pathname + location.search);
  }
  function leave() {
    document.dispatchEvent(new CustomEvent("lvzhi:before-expiry"));
    var form = document.querySelector("form[action$='/accounts/logout/']");
    if (form) form.submit(); else toLogin();
  }
  function stay() {
    fetch(config.keepalive, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (response) {
        if (response.ok && !response.redirected) stamp(); else toLogin();
      })
      .catch(function () { schedule(); });
  }
  function tick() {
    var left = remaining();
    if (left <= -GRACE) { hide(); expired(); return; }
    if (left <= config.warnSeconds) { show(); timer = setTimeout(tick, 1000); return; }
    hide();
    schedule();
  }
  function schedule() {
    clearTimeout(timer);
    var until = (remaining() - config.warnSeconds) * 1000;
    timer = setTimeout(tick, Math.max(until, 1000));
  }

  var loadedAt = now();
  stamp();
  // Requests that reach the server renew the session: htmx's, and the drafts' saves.
  document.addEventListener("htmx:afterRequest", function (event) {
    if (event.detail && event.detail.successful) stamp();
  });
  document.addEventListener("lvzhi:session-renewed", stamp);
  window.addEventListener("storage", function (event) { if (event.key === STAMP) { hide(); schedule(); } });
})();
