/* Two habits of every form that writes:
   - the server's messages, in Chinese next to their fields, are what the user sees: forms that post
     get novalidate, so the browser's own pop-up never stands in for them;
   - irreversible steps ask first. The page carries the action tables' questions as
   [[path pattern, question], …] (<script type="application/json" id="action-confirms">); a form
   posted to a matching path asks its question unless it declares its own data-confirm (which
   lvzhi.js asks). Declared once per action in the module's action table, so no template can
   forget it. */
(function () {
  "use strict";
  var routes = null;
  function load() {
    if (routes === null) {
      var node = document.getElementById("action-confirms");
      try { routes = node ? JSON.parse(node.textContent) : []; } catch (e) { routes = []; }
      routes = routes.map(function (r) { return [new RegExp(r[0]), r[1]]; });
    }
    return routes;
  }
  function question(form) {
    if ((form.getAttribute("method") || "get").toLowerCase() !== "post") { return ""; }
    if (form.hasAttribute("data-confirm")) { return ""; }
    var path = new URL(form.getAttribute("action") || window.location.href, window.location.href).pathname;
    var list = load();
    for (var i = 0; i < list.length; i++) {
      if (list[i][0].test(path)) { return list[i][1]; }
    }
    return "";
  }
  function serverValidates(root) {
    if (!root || !root.querySelectorAll) { return; }
    var forms = Array.prototype.slice.call(root.querySelectorAll("form"));
    if (root.matches && root.matches("form")) { forms.push(root); }
    for (var i = 0; i < forms.length; i++) {
      if ((forms[i].getAttribute("method") || "get").toLowerCase() === "post") { forms[i].noValidate = true; }
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { serverValidates(document); });
  } else {
    serverValidates(document);
  }
  document.addEventListener("htmx:load", function (event) { serverValidates(event.target); });
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form || !form.getAttribute) { return; }
    var message = question(form);
    if (message && !window.confirm(message)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);
})();
