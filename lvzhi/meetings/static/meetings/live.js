/* The meeting's live screen: polls GET /api/v1/meetings/{id}/live (every data-every ms, 1 s by
   default) and redraws the parts marked data-live="…"; the speaker's timer ticks locally between
   polls from the server's start time (corrected by the server clock). No inline script: the
   Content-Security-Policy allows none. */
(function () {
  "use strict";
  var root = document.getElementById("live");
  if (!root) { return; }
  var url = root.getAttribute("data-live-url");
  var every = parseInt(root.getAttribute("data-every"), 10) || 1000;
  var none = root.getAttribute("data-none-label") || "—";
  var timer = { started: null, limit: 0, offset: 0 };

  function part(name) { return root.querySelector('[data-live="' + name + '"]'); }
  function text(name, value) { var el = part(name); if (el) { el.textContent = value; } }
  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function list(name, rows, build) {
    var el = part(name);
    if (!el) { return; }
    el.textContent = "";
    rows.forEach(function (row) { el.appendChild(build(row)); });
  }

  function pair(left, right, attr, id) {
    var li = document.createElement("li");
    li.setAttribute(attr, id);
    var a = document.createElement("span");
    a.textContent = left;
    var b = document.createElement("span");
    b.textContent = right;
    li.appendChild(a);
    li.appendChild(b);
    return li;
  }

  function tick() {
    var el = part("timer");
    if (!el) { return; }
    if (!timer.started) { el.textContent = none; el.classList.remove("over"); return; }
    var secs = Math.max(0, Math.floor((Date.now() - timer.offset - timer.started) / 1000));
    el.textContent = pad(Math.floor(secs / 60)) + ":" + pad(secs % 60);
    el.classList.toggle("over", timer.limit > 0 && secs > timer.limit * 60);
  }

  function draw(state) {
    var cur = state.current, next = state.next;
    text("current-title", cur ? cur.title : none);
    text("current-meta", cur ? [cur.starts_at, cur.place, cur.presider].filter(Boolean).join(" · ") : "");
    text("next-title", next ? [next.day.slice(5), next.starts_at, next.title].join(" ") : none);
    text("registered", state.registered);
    text("invited", state.invited);
    text("present", state.present);
    text("at", state.at.slice(11, 19));
    timer.offset = Date.now() - Date.parse(state.at);
    timer.started = state.speaking && state.speaking.started_at ? Date.parse(state.speaking.started_at) : null;
    timer.limit = state.speaking ? state.speaking.limit_minutes : 0;
    text("speaker", state.speaking ? state.speaking.name : none);
    tick();
    list("queue", state.queue || [], function (s) {
      var li = document.createElement("li");
      li.textContent = s.name;
      return li;
    });
    var result = root.getAttribute("data-result-label");
    list("votes", state.votes, function (v) {
      var right = v.state === "closed"
        ? result.replace("{yes}", v.yes).replace("{no}", v.no).replace("{abstain}", v.abstain) + " · " + v.decision
        : root.getAttribute("data-voted-label") + " " + v.voters;
      return pair(v.title + " · " + v.state_label, right, "data-vote", v.id);
    });
    list("elections", state.elections || [], function (e) {
      var right = e.decision || root.getAttribute("data-cast-label") + " " + e.voters;
      return pair(e.title + " · " + e.state_label, right, "data-election", e.id);
    });
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (state) { if (state) { draw(state); } })
      .catch(function () { /* keep the last state on a network hiccup */ })
      .finally(function () { window.setTimeout(poll, every); });
  }
  var el = part("timer");
  if (el && el.getAttribute("data-started")) {
    timer.started = Date.parse(el.getAttribute("data-started"));
    timer.limit = parseInt(el.getAttribute("data-limit"), 10) || 0;
    timer.offset = 0;
  }
  tick();
  window.setInterval(tick, 250);
  window.setTimeout(poll, every);
})();
