/* Draws the dashboards' charts with ECharts (served locally) from the JSON the page embeds.
   Every chart element carries the URL of its records: a click opens them. */
(function () {
  "use strict";
  var PALETTE = ["#a61b1b", "#d9822b", "#2b6cb0", "#2f855a", "#6b46c1", "#b7791f", "#319795", "#718096", "#c05621", "#553c9a", "#276749", "#9b2c2c"];

  function option(spec, dark) {
    var text = dark ? "#e2e8f0" : "#333";
    var base = {
      color: PALETTE,
      backgroundColor: "transparent",
      textStyle: { color: text },
      tooltip: { trigger: spec.kind === "pie" || spec.kind === "funnel" ? "item" : "axis", confine: true, renderMode: "richText" },
      legend: { top: 0, type: "scroll", textStyle: { color: text } },
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true }
    };
    if (spec.kind === "pie" || spec.kind === "funnel") {
      var data = spec.series[0].data.map(function (d, i) {
        return { name: d.name || spec.categories[i], value: d.value, url: d.url };
      });
      base.series = [spec.kind === "pie"
        ? { type: "pie", radius: ["35%", "65%"], top: 30, data: data, label: { color: text, formatter: "{b}: {c}" } }
        : { type: "funnel", top: 36, bottom: 8, left: "10%", width: "80%", sort: "none", data: data,
            label: { formatter: "{b}: {c}" } }];
      return base;
    }
    var horizontal = spec.kind === "rates" || spec.categories.length > 8 && spec.kind !== "stacked";
    var category = { type: "category", data: spec.categories, axisLabel: { color: text, interval: 0, rotate: horizontal ? 0 : 30 } };
    var value = { type: "value", axisLabel: { color: text, formatter: spec.unit === "%" ? "{value}%" : "{value}" }, max: spec.unit === "%" ? 100 : null };
    base.xAxis = horizontal ? value : category;
    base.yAxis = horizontal ? category : value;
    if (horizontal) { base.yAxis.inverse = true; }
    base.series = spec.series.map(function (s) {
      return { name: s.name, type: "bar", stack: spec.kind === "stacked" ? "all" : null,
               data: s.data.map(function (d) { return { value: d.value, url: d.url }; }) };
    });
    return base;
  }

  function draw(el) {
    var spec = JSON.parse(document.getElementById(el.dataset.spec).textContent);
    var dark = document.body.classList.contains("screen");
    var chart = window.echarts.init(el, dark ? "dark" : null);
    chart.setOption(option(spec, dark));
    chart.on("click", function (params) {
      var url = params.data && params.data.url;
      if (url) { window.location.href = url; }
    });
    window.addEventListener("resize", function () { chart.resize(); });
    el.dataset.drawn = "1";
  }

  function drawAll() {
    document.querySelectorAll("[data-chart]").forEach(function (el) { if (!el.dataset.drawn) { draw(el); } });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", drawAll); } else { drawAll(); }
})();
