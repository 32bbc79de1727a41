// The page header's search box: quick results under it (htmx fills them), reachable with the keyboard.
// ArrowDown/ArrowUp move through the results, Escape closes them, Enter opens one (or the search page).
(function () {
  "use strict";
  function setup(form) {
    if (form.dataset.ready) return;
    form.dataset.ready = "1";
    var input = form.querySelector("input[type=search]");
    var box = form.querySelector(".search-quick");
    function options() { return Array.prototype.slice.call(box.querySelectorAll("[role=option]")); }
    function open(yes) {
      box.classList.toggle("show", yes);
      input.setAttribute("aria-expanded", yes ? "true" : "false");
    }
    function move(step) {
      var items = options();
      if (!items.length) return;
      var at = items.indexOf(document.activeElement);
      var next = at + step;
      if (next < 0) { input.focus(); return; }
      items[Math.min(next, items.length - 1)].focus();
    }
    form.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") { event.preventDefault(); open(true); move(1); }
      else if (event.key === "ArrowUp") { event.preventDefault(); move(-1); }
      else if (event.key === "Escape") { open(false); input.focus(); }
    });
    document.body.addEventListener("htmx:afterSwap", function (event) {
      if (event.target === box) open(input.value.trim() !== "" && box.children.length > 0);
    });
    input.addEventListener("input", function () { if (!input.value.trim()) { box.innerHTML = ""; open(false); } });
    document.addEventListener("click", function (event) { if (!form.contains(event.target)) open(false); });
  }
  function init() { document.querySelectorAll("[data-testid=header-search]").forEach(setup); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
