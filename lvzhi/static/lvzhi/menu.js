/* The side menu: sections per module that open and close (Bootstrap's collapse); the section of the
   current page is always open, the others as the user last left them (localStorage); after the page
   has loaded, the counts of pending work are fetched (core:menu_counts) and shown beside the module
   headings and the entries that declare to-do kinds. */
(function () {
  "use strict";
  var menu = document.querySelector("[data-menu]");
  if (!menu) { return; }
  var KEY = "lvzhi.menu.open";
  var stored = {};
  try { stored = JSON.parse(window.localStorage.getItem(KEY) || "{}") || {}; } catch (e) { stored = {}; }

  function save() {
    try { window.localStorage.setItem(KEY, JSON.stringify(stored)); } catch (e) { /* private mode */ }
  }

  function show(section, open) {
    var body = section.querySelector(".collapse");
    var heading = section.querySelector(".sidemenu-heading");
    body.classList.toggle("show", open);
    heading.classList.toggle("collapsed", !open);
    heading.setAttribute("aria-expanded", open ? "true" : "false");
  }

  menu.querySelectorAll("[data-menu-section]").forEach(function (section) {
    var key = section.getAttribute("data-menu-section");
    if (!section.hasAttribute("data-current") && Object.prototype.hasOwnProperty.call(stored, key)) {
      show(section, stored[key] === true);
    }
    var body = section.querySelector(".collapse");
    body.addEventListener("shown.bs.collapse", function () { stored[key] = true; save(); });
    body.addEventListener("hidden.bs.collapse", function () { stored[key] = false; save(); });
  });

  function fill(badge, count) {
    if (!badge) { return; }
    badge.textContent = count > 99 ? "99+" : String(count);
    badge.setAttribute("aria-label", "待办 " + count);
    badge.hidden = !count;
  }

  var url = menu.getAttribute("data-menu-counts");
  if (url && window.fetch) {
    window.fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (counts) {
        if (!counts) { return; }
        menu.setAttribute("data-counts-loaded", "");
        fill(menu.querySelector("[data-menu-total]"), counts.total || 0);
        Object.keys(counts.modules || {}).forEach(function (key) {
          fill(menu.querySelector('[data-menu-count="' + key + '"]'), counts.modules[key]);
        });
        Object.keys(counts.entries || {}).forEach(function (name) {
          fill(menu.querySelector('[data-menu-entry="' + name + '"]'), counts.entries[name]);
        });
      })
      .catch(function () { /* the menu works without its counts */ });
  }
})();
