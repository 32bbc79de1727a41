/* The side menu: sections per module that open and close (Bootstrap's collapse); the section of the
   current page is always open, the others as the user last left them (localStorage); after the page
   has loaded, the counts of pending work are fetched (core:menu_counts) and shown beside the module
   headings and the entries that declare to-do kinds.

   Breadcrumbs follow the path: a list of the menu remembers its address with its filters, sort and
   page (sessionStorage, per tab); a page opened from it within the same section (a detail, then its
   edit form) leads back to exactly that list: the crumb that names the list gets its address, or,
   when the page's crumb names the module only, the list is added after it. */
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

  followPath(menu);

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

  function followPath(menu) {
    var store;
    try { store = window.sessionStorage; } catch (e) { return; }
    if (!store) { return; }
    var current = menu.querySelector("[data-menu-section][data-current]");
    var section = current ? current.getAttribute("data-menu-section") : "";
    var previous = store.getItem("lvzhi.trail.section");
    store.setItem("lvzhi.trail.section", section);
    if (!section) { return; }
    var here = window.location.pathname;
    var entry = Array.prototype.find.call(current.querySelectorAll("a.nav-link"), function (a) {
      return a.pathname === here;
    });
    if (entry) {
      store.setItem("lvzhi.trail." + section, JSON.stringify({
        path: here, url: here + window.location.search, label: entry.textContent.trim()
      }));
      return;
    }
    var trail = null;
    try { trail = JSON.parse(store.getItem("lvzhi.trail." + section) || "null"); } catch (e) { trail = null; }
    var crumbs = document.querySelector("main .breadcrumb");
    if (!trail || previous !== section || !crumbs) { return; }
    var links = crumbs.querySelectorAll("a");
    var named = Array.prototype.find.call(links, function (a) { return a.pathname === trail.path; });
    if (named) {
      named.setAttribute("href", trail.url);
      return;
    }
    var moduleCrumb = links.length > 1 ? links[1].closest("li") : null;
    if (!moduleCrumb) { return; }
    var item = document.createElement("li");
    item.className = "breadcrumb-item";
    item.setAttribute("data-trail", "");
    var link = document.createElement("a");
    link.setAttribute("href", trail.url);
    link.textContent = trail.label;
    item.appendChild(link);
    moduleCrumb.parentNode.insertBefore(item, moduleCrumb.nextSibling);
  }
})();
