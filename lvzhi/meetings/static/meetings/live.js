/* The meeting's live screen: polls GET /api/v1/meetings/{id}/live and redraws the parts marked
   data-live="…" (no inline script: the Content-Security-Policy allows none). */
(function () {
  "use strict";
  var root = document.getElementById("live");
  if (!root) { return; }
  var url = root.getAttribute("data-live-url");
  var every = parseInt(root.getAttribute("data-every"), 10) || 5000;
  var none = root.getAttribute("data-none-label") || "—";

  function part(name) { return root.querySelector('[data-live="' + name + '"]'); }
  function text(name, value) { var el = part(name); if (el) { el.textContent = value; } }

  function draw(state) {
    var cur = state.current, next = state.next;
    text("current-title", cur ? cur.title : none);
    text("current-meta", cur ? [cur.starts_at, cur.place, cur.presider].filter(Boolean).join(" · ") : "");
    text("next-title", next ? [next.day.slice(5), next.starts_at, next.title].join(" ") : none);
    text("registered", state.registered);
    text("invited", state.invited);
    text("present", state.present);
    text("at", state.at.slice(11, 19));
    var list = part("votes");
    if (!list) { return; }
    list.textContent = "";
    state.votes.forEach(function (v) {
      var li = document.createElement("li");
      li.className = "list-group-item d-flex justify-content-between flex-wrap gap-2";
      li.setAttribute("data-vote", v.id);
      var left = document.createElement("span");
      left.textContent = v.title + " · " + v.state_label;
      var right = document.createElement("span");
      if (v.state === "closed") {
        right.textContent = root.getAttribute("data-result-label")
          .replace("{yes}", v.yes).replace("{no}", v.no).replace("{abstain}", v.abstain) + " · " + v.decision;
      } else {
        right.textContent = root.getAttribute("data-voted-label") + " " + v.voters;
      }
      li.appendChild(left);
      li.appendChild(right);
      list.appendChild(li);
    });
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (state) { if (state) { draw(state); } })
      .catch(function () { /* keep the last state on a network hiccup */ })
      .finally(function () { window.setTimeout(poll, every); });
  }
  window.setTimeout(poll, every);
})();
