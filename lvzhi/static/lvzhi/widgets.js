/* The form widgets every page shares, declared in the markup (the Content-Security-Policy allows no
   inline script):
   - <select data-picker> (core.forms.is_picker: a multiple choice, or a long single one) becomes a
     searchable picker (Tom Select): type a name, its pinyin or its initials ("zs" finds 张三); the
     chosen are chips with a remove button; the keyboard works throughout. Options carry their
     pinyin in data-pinyin ("zhangsan zs"). A <select> written by hand in a template (a list's
     filters) with more than PICKER_MIN_OPTIONS options, or multiple, becomes one too, unless it says
     data-picker="off"; without data-pinyin its search matches the labels only.
   - <select data-picker-url="…"> (core.forms.RemoteChoices: a choice among more records than a page
     carries) holds only the chosen options; the picker asks that address for matches as the user
     types (debounced; not while an input method is composing) and shows them the same way.
   - [data-picker-bulk="<select id>"] holds bulk choices for a people picker: a <select
     data-bulk-kind> adds every option whose data-groups holds the chosen "kind:key", [data-bulk-all]
     adds everyone, [data-bulk-clear] empties the choice.
   - <input type="date"> and <input type="datetime-local"> get a calendar (flatpickr, Chinese, weeks
     starting on Monday) opened by a button beside them; typing YYYY-MM-DD still works, and Enter
     sends the form with the day as typed.
   - A form row with data-show-when="<field>" data-show-for="<values>" shows only while that field of
     its form has one of the values (core.forms.show_only_for); hidden, it is still sent unchanged.
   Fragments htmx swaps in are set up the same way (htmx:load). */
(function () {
  "use strict";
  var zh = (document.documentElement.lang || "zh").indexOf("zh") === 0;
  var T = zh
    ? { search: "输入文字、拼音或首字母搜索", none: "没有匹配的选项", remove: "移除", calendar: "选择日期", day: "年-月-日",
        remote: "请输入姓名或拼音搜索", noMatch: "无匹配结果", loading: "正在搜索…", failed: "搜索失败，请重试" }
    : { search: "Type to search (pinyin and initials work)", none: "No match", remove: "Remove", calendar: "Choose a date", day: "YYYY-MM-DD",
        remote: "Type a name or its pinyin to search", noMatch: "No match", loading: "Searching…", failed: "Search failed, try again" };

  function escapeHtml(text) {
    var div = document.createElement("div");
    div.textContent = text == null ? "" : String(text);
    return div.innerHTML;
  }

  /* How well an option matches what was typed: the label itself first, then the start of the
     initials, the start of the full pinyin, and anywhere in either; 0 hides the option. */
  function scoreFor(search) {
    var query = (search || "").trim().toLowerCase();
    var compact = query.replace(/\s+/g, "");
    return function (item) {
      if (!query) { return 1; }
      var text = String(item.text || "").toLowerCase();
      var keys = String(item.pinyin || "").split(" ");
      var full = keys[0] || "", initials = keys[1] || "";
      if (text.indexOf(query) === 0) { return 5; }
      if (text.indexOf(query) > 0) { return 4; }
      if (initials && initials.indexOf(compact) === 0) { return 3; }
      if (full && full.indexOf(compact) === 0) { return 2.5; }
      if (initials.indexOf(compact) > 0 || full.indexOf(compact) > 0) { return 1; }
      return 0;
    };
  }

  function setUpPicker(select) {
    if (select.tomselect || typeof window.TomSelect !== "function") { return; }
    var multiple = select.multiple;
    var options = {
      plugins: multiple ? { remove_button: { title: T.remove } } : {},
      // a single choice keeps its empty option ("全部会议", "—") as a choice that shows and resets
      allowEmptyOption: !multiple,
      maxOptions: null,
      hidePlaceholder: true,
      placeholder: T.search,
      closeAfterSelect: !multiple,
      score: scoreFor,
      render: {
        no_results: function () { return '<div class="no-results">' + escapeHtml(T.none) + "</div>"; }
      }
    };
    var url = select.getAttribute("data-picker-url");
    if (url) { remote(options, url); }
    var label = select.labels && select.labels[0] ? select.labels[0].textContent.replace("*", "").trim() : "";
    if (label && !select.getAttribute("aria-label")) { select.setAttribute("aria-label", label); }
    var picker = new window.TomSelect(select, options);
    openOnlyWhenAsked(picker, !multiple);
    picker.control_input.setAttribute("aria-label", label ? label + "：" + (url ? T.remote : T.search) : T.search);
    if (url) {
      /* an input method's letters are not a search yet: the composed characters are */
      picker.control_input.addEventListener("compositionstart", function () { picker.composing = true; });
      picker.control_input.addEventListener("compositionend", function () {
        picker.composing = false;
        picker.lastValue = null;
        picker.onInput();
      });
    }
  }

  /* The list opens only while the field has the focus, and after a single choice it stays closed
     until the user asks for it again (a key, a click, leaving and coming back). The picker opened it
     whenever something it had deferred came due — the refresh for the letters just typed (300 ms),
     its own focus handling, a search answer from a slow network — and opening took the focus back:
     a quick "type, arrow, Enter" left the list open over the form, and a field left quickly after
     typing pulled the focus back from wherever the user had gone. */
  function openOnlyWhenAsked(picker, single) {
    var chosen = false;
    var open = picker.open.bind(picker);
    picker.open = function () {
      if (!chosen && picker.wrapper.contains(document.activeElement)) { open(); }
    };
    if (!single) { return; }
    picker.on("item_add", function () {
      chosen = true;
      if (picker.refreshTimeout) { window.clearTimeout(picker.refreshTimeout); picker.refreshTimeout = null; }
    });
    function asked() { chosen = false; }
    picker.on("blur", asked);
    picker.control_input.addEventListener("keydown", asked, true);
    picker.control_input.addEventListener("input", asked, true);
    picker.wrapper.addEventListener("mousedown", asked, true);
    picker.wrapper.addEventListener("touchstart", asked, { capture: true, passive: true });
  }

  /* A remote picker: the options are what the server answers for the typed text ([{value, text,
     keys}]); the address is the page's own (it carries the site's sub-path and the form's token). */
  function remote(options, url) {
    var failed = false;
    options.valueField = "value";
    options.labelField = "text";
    options.searchField = ["text", "pinyin"];
    options.placeholder = T.remote;
    options.loadThrottle = 300;
    options.shouldLoad = function (query) { return !this.composing && query.trim().length > 0; };
    options.load = function (query, callback) {
      var address = url + (url.indexOf("?") >= 0 ? "&" : "?") + "q=" + encodeURIComponent(query.trim());
      failed = false;
      window.fetch(address, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { if (!response.ok) { throw new Error(response.status); } return response.json(); })
        .then(function (rows) {
          callback(rows.map(function (row) { return { value: row.value, text: row.text, pinyin: row.keys, match: query }; }));
        })
        .catch(function () { failed = true; callback(); });
    };
    var score = options.score;
    /* what the server matched for this text shows even where the page's own scoring would not (a code) */
    options.score = function (search) {
      var own = score(search);
      return function (item) { return own(item) || (item.match === search ? 0.5 : 0); };
    };
    options.render.not_loading = function () { return '<div class="no-results">' + escapeHtml(T.remote) + "</div>"; };
    options.render.loading = function () { return '<div class="no-results">' + escapeHtml(T.loading) + "</div>"; };
    options.render.no_results = function () {
      return '<div class="no-results">' + escapeHtml(failed ? T.failed : T.noMatch) + "</div>";
    };
  }

  /* A script that sets the <select> itself (select.value, option.selected, then a change event)
     is followed by the picker, which would otherwise keep showing, and later write back, its own. */
  document.addEventListener("change", function (event) {
    var select = event.target;
    if (!select.tomselect) { return; }
    var chosen = Array.prototype.filter.call(select.options, function (o) { return o.selected; })
      .map(function (o) { return o.value; });
    var shown = [].concat(select.tomselect.items);
    if (chosen.length === shown.length && chosen.every(function (v, i) { return v === shown[i]; })) { return; }
    select.tomselect.sync();
  }, true);

  function values(select, test) {
    return Array.prototype.filter.call(select.options, test).map(function (o) { return o.value; });
  }

  document.addEventListener("change", function (event) {
    var chooser = event.target;
    if (!chooser.matches || !chooser.matches("[data-bulk-kind]") || !chooser.value) { return; }
    var box = chooser.closest("[data-picker-bulk]");
    var select = box && document.getElementById(box.getAttribute("data-picker-bulk"));
    if (select && select.tomselect) {
      var key = chooser.value;
      select.tomselect.addItems(values(select, function (o) {
        return (o.getAttribute("data-groups") || "").split(" ").indexOf(key) >= 0;
      }));
    }
    chooser.value = "";
  });
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-bulk-all], [data-bulk-clear]");
    if (!button) { return; }
    var box = button.closest("[data-picker-bulk]");
    var select = box && document.getElementById(box.getAttribute("data-picker-bulk"));
    if (!select || !select.tomselect) { return; }
    if (button.hasAttribute("data-bulk-all")) {
      select.tomselect.addItems(values(select, function (o) { return o.value !== ""; }));
    } else {
      select.tomselect.clear();
    }
  });

  function setUpDate(input) {
    if (input.getAttribute("data-datepicker") === "off" || input._flatpickr || typeof window.flatpickr !== "function") { return; }
    var withTime = input.type === "datetime-local";
    var min = input.getAttribute("min"), max = input.getAttribute("max");
    input.type = "text";
    input.setAttribute("inputmode", "numeric");
    input.setAttribute("autocomplete", "off");
    if (!input.getAttribute("placeholder")) { input.setAttribute("placeholder", withTime ? T.day + " 00:00" : T.day); }
    var group = document.createElement("div");
    group.className = "input-group flex-nowrap date-field";
    input.parentNode.insertBefore(group, input);
    group.appendChild(input);
    var button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-outline-secondary";
    button.setAttribute("aria-label", T.calendar);
    button.setAttribute("title", T.calendar);
    button.innerHTML = '<i class="bi bi-calendar3" aria-hidden="true"></i>';
    if (input.disabled || input.readOnly) { button.disabled = true; }
    group.appendChild(button);
    var base = (zh && window.flatpickr.l10ns.zh) || window.flatpickr.l10ns.default;
    var locale = Object.assign({}, base, { firstDayOfWeek: 1 });
    var picker;
    /* Enter in the field sends its form with the day as typed, as in any text field. Flatpickr's own
       Enter (allowInput) takes the text as its date and blurs the field, and a field that has lost
       the focus sends no form: the typed day never reached the address. This listener, added first,
       runs before flatpickr's and keeps it from seeing the key; the form sends what was typed (a day
       the server cannot read is its message, never a silent blank). */
    input.addEventListener("keydown", function (event) {
      if (event.key !== "Enter" || event.isComposing) { return; }
      event.stopImmediatePropagation();
      if (picker && picker.isOpen) { picker.close(); }
    });
    picker = window.flatpickr(input, {
      locale: locale,
      allowInput: true,
      clickOpens: false,
      disableMobile: true,
      enableTime: withTime,
      time_24hr: true,
      dateFormat: withTime ? "Y-m-d\\TH:i" : "Y-m-d",
      minDate: min || null,
      maxDate: max || null
    });
    button.addEventListener("click", function () { picker.toggle(); });
  }

  function applyConditions(form) {
    if (!form || !form.querySelectorAll) { return; }
    form.querySelectorAll("[data-show-when]").forEach(function (row) {
      var control = form.elements[row.getAttribute("data-show-when")];
      if (!control) { return; }
      var shown = row.getAttribute("data-show-for").split(" ").indexOf(control.value) >= 0;
      row.hidden = !shown;
    });
  }
  document.addEventListener("change", function (event) {
    var form = event.target.form;
    if (form && form.querySelector("[data-show-when]")) { applyConditions(form); }
  });

  var PICKER_MIN_OPTIONS = 20; // core.forms.PICKER_MIN_OPTIONS

  function wantsPicker(select) {
    if (select.getAttribute("data-picker") === "off" || select.hasAttribute("data-bulk-kind")) { return false; }
    return select.hasAttribute("data-picker") || select.multiple || select.options.length > PICKER_MIN_OPTIONS;
  }

  function setUp(root) {
    if (!root || !root.querySelectorAll) { return; }
    root.querySelectorAll("form").forEach(function (form) {
      if (form.querySelector("[data-show-when]")) { applyConditions(form); }
    });
    root.querySelectorAll("select").forEach(function (select) {
      if (wantsPicker(select)) { setUpPicker(select); }
    });
    root.querySelectorAll("input[type=date], input[type=datetime-local]").forEach(setUpDate);
  }
  setUp(document);
  document.addEventListener("htmx:load", function (event) { setUp(event.detail.elt); });
})();
