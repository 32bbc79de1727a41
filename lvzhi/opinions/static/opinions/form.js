/* The opinion report form: counts the characters of the text as it is typed and warns past the
   committee's suggested length (data-warn on the textarea). */
(function () {
  "use strict";
  var box = document.querySelector("textarea[data-counter]");
  if (!box) { return; }
  var warn = parseInt(box.dataset.warn || "1500", 10);
  var count = document.getElementById("content-count");
  var warning = document.getElementById("content-warning");
  function update() {
    var n = box.value.length;
    count.textContent = n;
    warning.classList.toggle("d-none", n <= warn);
  }
  box.addEventListener("input", update);
  update();
})();
