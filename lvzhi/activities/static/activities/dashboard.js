/* The activities dashboard's charts (ECharts, served locally). Each chart reads its spec from a
   <script type="application/json"> element: {categories, series: [{name, data: [{value, url}]}],
   stacked}. Every bar carries the URL of its records; a click (or tap) opens them. */
(function () {
  "use strict";
  var PALETTE = ["#a61b1b", "#2b6cb0", "#d9822b", "#2f855a", "#6b46c1", "#b7791f",
                 "#319795", "#718096", "#c05621", "#553c9a", "#276749", "#9b2c2c"];

  function option(spec, narrow) {
    var many = spec.categories.length > (narrow ? 8 : 24);
    var opt = {
      color: PALETTE,
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, confine: true, renderMode: "richText" },
      legend: { top: 0, type: "scroll" },
      grid: { left: 8, right: 16, top: 36, bottom: many ? 48 : 8, containLabel: true },
      xAxis: { type: "category", data: spec.categories, axisLabel: { rotate: spec.categories.length > 6 ? 45 : 0 } },
      yAxis: { type: "value", minInterval: 1, name: spec.unit || "" },
      series: spec.series.map(function (s) {
        return {
          name: s.name, type: "bar", stack: spec.stacked ? "all" : null, cursor: "pointer",
          emphasis: { focus: "series" },
          data: s.data.map(function (d) { return { value: d.value, url: d.url }; })
        };
      })
    };
    if (many) {
      var shown = narrow ? 8 : 24;
      var start = Math.max(0, 100 - Math.round(shown / spec.categories.length * 100));
      opt.dataZoom = [{ type: "inside", start: start, end: 100 }, { type: "slider", start: start, end: 100, height: 18, bottom: 4 }];
    }
    return opt;
  }

  function draw(el) {
    var spec = JSON.parse(document.getElementById(el.dataset.spec).textContent);
    var chart = window.echarts.init(el);
    chart.setOption(option(spec, el.clientWidth < 576));
    chart.on("click", function (params) {
      var url = params.data && params.data.url;
      if (url) { window.location.href = url; }
    });
    window.addEventListener("resize", function () { chart.resize(); });
    el.dataset.drawn = "1";
  }

  function drawAll() {
    if (!window.echarts) { return; }
    document.querySelectorAll("[data-chart]").forEach(function (el) { if (!el.dataset.drawn) { draw(el); } });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", drawAll); } else { drawAll(); }
})();
