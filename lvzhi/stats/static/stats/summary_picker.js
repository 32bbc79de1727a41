/* The summary editor's insert-figure picker: a button carrying data-insert-figure="…" puts that
   placeholder into the textarea named by data-target, at the cursor (replacing a selection), and
   keeps the cursor after it. The preview beside it comes from the server (htmx). */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-insert-figure]");
    if (!button) { return; }
    var area = document.getElementById(button.getAttribute("data-target"));
    if (!area) { return; }
    var text = button.getAttribute("data-insert-figure");
    var start = area.selectionStart || 0;
    var end = area.selectionEnd || start;
    area.value = area.value.slice(0, start) + text + area.value.slice(end);
    area.focus();
    area.selectionStart = area.selectionEnd = start + text.length;
    area.dispatchEvent(new Event("input", { bubbles: true }));
  });
})();
