/* Behaviour every page shares, declared in the markup instead of inline handlers (the
   Content-Security-Policy allows no inline script):
   - <select data-autosubmit> submits its form when changed;
   - <form data-confirm="…"> asks before it is submitted;
   - <button data-print> prints the page.
   Listeners sit on the document, so fragments htmx swaps in behave the same. */
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el.matches && el.matches("[data-autosubmit]") && el.form) { el.form.submit(); }
  });
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var message = form.getAttribute && form.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);
  document.addEventListener("click", function (event) {
    var el = event.target.closest && event.target.closest("[data-print]");
    if (el) { window.print(); }
  });
})();
/* <button data-fullscreen> puts the page in full screen (a projector's check-in code), or leaves it. */
document.addEventListener("click", function (event) {
  "use strict";
  var button = event.target.closest && event.target.closest("[data-fullscreen]");
  if (!button) { return; }
  if (document.fullscreenElement) { document.exitFullscreen(); }
  else if (document.documentElement.requestFullscreen) { document.documentElement.requestFullscreen(); }
});
