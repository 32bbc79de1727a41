/* A register's form: choosing another committee reloads the form for it (its choices of units,
   people and categories depend on the committee), unless the form is already bound. */
(function () {
  "use strict";
  document.querySelectorAll("[data-reload=committee]").forEach(function (select) {
    select.addEventListener("change", function () {
      if (select.form.dataset.bound) { return; }
      var url = new URL(window.location.href);
      url.searchParams.set("committee", select.value);
      window.location.href = url.toString();
    });
  });
})();
