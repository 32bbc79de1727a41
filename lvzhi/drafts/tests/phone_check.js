/* What a phone page must not have (installed by the phone walk as an init script; it runs outside
   the page's Content-Security-Policy): `window.lvzhiPhoneCheck()` returns
   { overflow: px the page is wider than the screen, wide: what sticks out,
     small: touch targets in <main> under 44 px, broken: text set one character per line }. */
window.lvzhiPhoneCheck = function () {
  "use strict";
  var MIN = 44;
  var width = window.innerWidth;
  function visible(el) {
    var r = el.getBoundingClientRect();
    var style = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && style.visibility !== "hidden" && style.display !== "none";
  }
  function name(el) {
    var text = (el.innerText || el.value || el.getAttribute("aria-label") || el.getAttribute("title") || "").trim().replace(/\s+/g, " ");
    return el.tagName.toLowerCase() + (el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\s+/).join(".") : "") + " “" + text.slice(0, 24) + "”";
  }
  function labelled(el) {
    return (el.id && document.querySelector("label[for='" + el.id + "']")) || el.closest("label");
  }
  // inside a scrolling box (a .table-responsive) a wide table is fine: the box scrolls, not the page
  function inScroller(el) {
    for (var p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      var o = getComputedStyle(p).overflowX;
      if (o === "auto" || o === "scroll" || o === "hidden") return true;
    }
    return false;
  }
  var result = { overflow: document.scrollingElement.scrollWidth - width, wide: [], small: [], broken: [] };
  if (result.overflow > 0) {
    document.querySelectorAll("body *").forEach(function (el) {
      var r = el.getBoundingClientRect();
      if (r.right > width + 1 && visible(el) && !inScroller(el) && result.wide.length < 5) result.wide.push(name(el) + " right=" + Math.round(r.right));
    });
  }
  var targets = "main a[href], main button, main input:not([type=hidden]), main select, main textarea, main summary, main [role=button]";
  document.querySelectorAll(targets).forEach(function (el) {
    // a searchable picker: its own <select> is hidden for assistive use only, and the box one taps is
    // the picker's control around its typing field
    if (el.classList.contains("ts-hidden-accessible")) return;
    if (el.closest(".ts-control")) el = el.closest(".ts-control");
    if (!visible(el)) return;
    var style = getComputedStyle(el);
    // a link inside running text may be as tall as its line (WCAG 2.5.8's inline exception)
    if (el.tagName === "A" && style.display === "inline" && !el.classList.contains("btn")) return;
    if ((el.type === "checkbox" || el.type === "radio") && labelled(el)) return;  // its label is the target
    var r = el.getBoundingClientRect();
    if (r.height < MIN - 0.5 || r.width < MIN - 0.5) result.small.push(name(el) + " " + Math.round(r.width) + "×" + Math.round(r.height));
  });
  document.querySelectorAll("main th, main td, main .btn, main .badge, main label, main h1, main h2, main h3, main h4, main h5, main dt, main dd, main li, main a").forEach(function (el) {
    var text = (el.innerText || "").trim();
    if (text.length < 3 || !visible(el)) return;
    var r = el.getBoundingClientRect();
    var size = parseFloat(getComputedStyle(el).fontSize) || 16;
    if (r.width < size * 1.9 && r.height > size * 2.6) result.broken.push(name(el) + " " + Math.round(r.width) + "px wide");
  });
  return result;
};
