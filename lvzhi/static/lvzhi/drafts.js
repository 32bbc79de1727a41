/* Drafts that are never lost (lvzhi.drafts; config from {% pwa_config %}).
   Every form that posts and has a text area (a proposal, an opinion report, an annual report, a
   reflection, a speech, a reply...) is saved as the user types: to this browser's storage at once,
   and to the server (/api/v1/me/drafts) every few seconds while online. When the page is opened
   again (after an idle-timeout logout and a new login, or on another device) the newest draft is
   put back. Drafts saved offline go to the server when the connection returns. A successful
   submit deletes the draft (the server deletes its copy and sets a cookie naming it). */
(function () {
  "use strict";
  var node = document.getElementById("lvzhi-pwa-config");
  if (!node) return;
  var config = JSON.parse(node.textContent);
  if (!config.user) return;

  var PREFIX = "lvzhi-draft:" + config.user + ":";
  var DONE_COOKIE = "lvzhi_draft_done";
  var TEXT_TYPES = ["text", "search", "email", "tel", "url", "number", "date", "datetime-local", "time", "month"];
  var tracked = [];

  function csrfToken() {
    try {
      var headers = JSON.parse(document.body.getAttribute("hx-headers") || "{}");
      if (headers["X-CSRFToken"]) return headers["X-CSRFToken"];
    } catch (e) { /* fall back to the cookie */ }
    var match = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }
  function readLocal(key) {
    try { return JSON.parse(localStorage.getItem(PREFIX + key) || "null"); } catch (e) { return null; }
  }
  function writeLocal(key, entry) {
    try { localStorage.setItem(PREFIX + key, JSON.stringify(entry)); return true; } catch (e) { return false; }
  }
  function dropLocal(key) {
    try { localStorage.removeItem(PREFIX + key); } catch (e) { /* nothing kept */ }
  }

  // Drafts of forms submitted successfully (the server names them in a cookie): forget them here too.
  (function forgetSubmitted() {
    var match = document.cookie.match(new RegExp("(?:^|; )" + DONE_COOKIE + "=([^;]*)"));
    if (!match) return;
    decodeURIComponent(match[1]).split("\n").forEach(function (key) { if (key) dropLocal(key); });
    document.cookie = DONE_COOKIE + "=; Max-Age=0; Path=/; SameSite=Lax";
  })();

  function draftable(form) {
    if (form.hasAttribute("data-no-draft") || form.lvzhiDraft) return false;
    var posts = (form.getAttribute("method") || "").toLowerCase() === "post" || form.hasAttribute("hx-post");
    return posts && form.querySelector("textarea[name]") !== null;
  }
  function fieldsOf(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      if (!el.name || el.disabled || el.name === "csrfmiddlewaretoken" || el.name.charAt(0) === "_") return false;
      if (el.tagName === "TEXTAREA" || el.tagName === "SELECT") return el.type !== "select-multiple";
      return el.tagName === "INPUT" && TEXT_TYPES.indexOf(el.type) >= 0;
    });
  }
  function snapshot(form) {
    var values = {};
    fieldsOf(form).forEach(function (el) {
      var name = el.name, n = 1;
      while (Object.prototype.hasOwnProperty.call(values, name)) { n += 1; name = el.name + "#" + n; }
      values[name] = el.value;
    });
    return values;
  }
  function apply(form, values) {
    var seen = {};
    fieldsOf(form).forEach(function (el) {
      seen[el.name] = (seen[el.name] || 0) + 1;
      var name = seen[el.name] > 1 ? el.name + "#" + seen[el.name] : el.name;
      if (Object.prototype.hasOwnProperty.call(values, name) && el.value !== values[name]) {
        el.value = values[name];
        el.dispatchEvent(new Event("input", { bubbles: true }));
      }
    });
  }
  function same(a, b) { return JSON.stringify(a) === JSON.stringify(b); }
  function keyOf(form) {
    var target = form.getAttribute("action") || form.getAttribute("hx-post") || "";
    var key = location.pathname + "#" + target.split("?")[0];
    var n = tracked.filter(function (t) { return t.key.split("~")[0] === key; }).length;
    return (n ? key + "~" + (n + 1) : key).slice(0, 300);
  }

  function status(item, text) {
    if (!item.status) {
      item.status = document.createElement("div");
      item.status.className = "form-text lvzhi-draft-status";
      item.status.setAttribute("aria-live", "polite");
      item.status.setAttribute("data-testid", "draft-status");
      item.form.appendChild(item.status);
    }
    item.status.textContent = text;
  }
  function send(key, entry) {
    return fetch(config.drafts, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify({ key: key, path: entry.path, fields: entry.fields }),
    }).then(function (response) {
      if (!response.ok) return false;
      var now = readLocal(key);
      if (now && now.savedAt === entry.savedAt) { now.synced = true; writeLocal(key, now); }
      document.dispatchEvent(new CustomEvent("lvzhi:session-renewed"));
      return true;
    }).catch(function () { return false; });
  }
  function discardOnServer(key) {
    return fetch(config.drafts + "/discard", {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify({ key: key }),
    }).catch(function () { return null; });
  }
  // Every draft of this user still only in this browser (typed offline, or before a logout).
  function flushAll() {
    if (!navigator.onLine) return;
    for (var i = 0; i < localStorage.length; i += 1) {
      var name = localStorage.key(i);
      if (name && name.indexOf(PREFIX) === 0) {
        var key = name.slice(PREFIX.length), entry = readLocal(key);
        if (entry && !entry.synced) syncOne(key, entry);
      }
    }
  }
  function syncOne(key, entry) {
    var item = tracked.filter(function (t) { return t.key === key; })[0];
    send(key, entry).then(function (ok) {
      if (item) status(item, ok ? config.text.savedServer : config.text.savedLocal);
    });
  }

  function saveLocal(item) {
    var entry = { path: location.pathname, fields: snapshot(item.form), savedAt: Date.now(), synced: false };
    writeLocal(item.key, entry);
    item.dirty = true;
    status(item, navigator.onLine ? config.text.savedLocal : config.text.offline);
  }
  function restore(item, entry, savedAt) {
    if (!entry || same(entry.fields, snapshot(item.form))) return;
    apply(item.form, entry.fields);
    var notice = document.createElement("div");
    notice.className = "alert alert-info d-flex flex-wrap align-items-center gap-2 lvzhi-draft-restored";
    notice.setAttribute("data-testid", "draft-restored");
    var text = document.createElement("span");
    text.className = "me-auto";
    text.textContent = config.text.restored.replace("%(t)s", new Date(savedAt).toLocaleString());
    var discard = document.createElement("button");
    discard.type = "button";
    discard.className = "btn btn-sm btn-outline-secondary";
    discard.textContent = config.text.discard;
    discard.addEventListener("click", function () {
      apply(item.form, item.initial);
      dropLocal(item.key);
      discardOnServer(item.key);
      item.dirty = false;
      notice.remove();
    });
    notice.appendChild(text);
    notice.appendChild(discard);
    item.form.insertBefore(notice, item.form.firstChild);
  }
  function load(item) {
    var local = readLocal(item.key);
    if (local && !navigator.onLine) { restore(item, local, local.savedAt); return; }
    fetch(config.drafts + "?key=" + encodeURIComponent(item.key), { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : { items: [] }; })
      .catch(function () { return { items: [] }; })
      .then(function (body) {
        if (item.dirty) return;  // the user has started typing: what they type wins
        var server = body.items && body.items[0];
        var serverAt = server ? Date.parse(server.updated_at) : 0;
        if (local && (!server || local.savedAt >= serverAt)) restore(item, local, local.savedAt);
        else if (server) restore(item, { fields: server.fields }, serverAt);
      });
  }

  function track(form) {
    if (!draftable(form)) return;
    var item = { form: form, key: keyOf(form), initial: snapshot(form), dirty: false, status: null };
    form.lvzhiDraft = item;
    tracked.push(item);
    var marker = document.createElement("input");
    marker.type = "hidden";
    marker.name = "_lvzhi_draft";
    marker.value = item.key;
    form.appendChild(marker);
    form.addEventListener("input", function () { saveLocal(item); });
    form.addEventListener("change", function () { saveLocal(item); });
    form.addEventListener("htmx:afterRequest", function (event) {
      // an htmx form swapped away after a successful post was submitted: its draft is done
      if (event.detail && event.detail.successful && !form.isConnected) {
        dropLocal(item.key);
        discardOnServer(item.key);
      }
    });
    load(item);
  }
  function scan(root) {
    var forms = root.tagName === "FORM" ? [root] : root.querySelectorAll("form");
    Array.prototype.forEach.call(forms, track);
  }

  scan(document);
  document.addEventListener("htmx:load", function (event) { if (event.target && event.target.querySelectorAll) scan(event.target); });
  setInterval(function () {
    if (!navigator.onLine) return;
    tracked.forEach(function (item) {
      if (!item.dirty) return;
      var entry = readLocal(item.key);
      item.dirty = false;
      if (entry && !entry.synced) {
        send(item.key, entry).then(function (ok) {
          if (!ok) item.dirty = true;
          status(item, ok ? config.text.savedServer : config.text.savedLocal);
        });
      }
    });
  }, config.saveSeconds * 1000);
  window.addEventListener("online", flushAll);
  window.addEventListener("offline", function () {
    tracked.forEach(function (item) { if (item.dirty) status(item, config.text.offline); });
  });
  document.addEventListener("lvzhi:before-expiry", function () {
    tracked.forEach(function (item) { if (item.dirty) saveLocal(item); });
  });
  flushAll();
})();
