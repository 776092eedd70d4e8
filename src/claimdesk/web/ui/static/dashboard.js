// Draws the dashboard's charts from the JSON the page carries; the same numbers are in tables.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("chart-data").textContent);
  var palette = ["#0b5cad", "#2e7d32", "#b26a00", "#6a1b9a", "#00838f"];
  function draw(id, option) {
    var node = document.getElementById(id);
    if (!node || !window.echarts) { return; }
    var chart = window.echarts.init(node, null, { renderer: "canvas" });
    option.color = palette;
    option.animation = false;
    option.tooltip = option.tooltip || { trigger: "axis" };
    option.grid = { left: 48, right: 16, top: 32, bottom: 32 };
    chart.setOption(option);
    window.addEventListener("resize", function () { chart.resize(); });
    node.dataset.ready = "1";
  }
  function bars(id, labels, series) {
    draw(id, { xAxis: { type: "category", data: labels }, yAxis: { type: "value" },
               legend: { top: 0 }, series: series });
  }
  bars("chart-cases", data.months, data.volume.map(function (s) {
    return { name: s.name, type: "bar", stack: "cases", data: s.cases };
  }));
  bars("chart-paid", data.months, data.volume.map(function (s) {
    return { name: s.name, type: "line", data: s.paid };
  }));
  // Every stage named, in lifecycle order (ECharts would otherwise skip labels that crowd).
  draw("chart-stages", { xAxis: { type: "category", data: data.stages.labels,
                                  axisLabel: { interval: 0, hideOverlap: false } },
                         yAxis: { type: "value" }, series: [{ type: "bar", data: data.stages.hours,
                         label: { show: true, position: "top" } }] });
  // Each rate with the count it comes from: late of closed (e.g. "93.9% · 8/132").
  bars("chart-sla", data.sla.labels, [{ type: "bar", data: data.sla.rates,
    label: { show: true, position: "top", formatter: function (p) {
      return p.value === null ? "—" : p.value.toFixed(1) + "% · " + data.sla.late[p.dataIndex] +
        "/" + data.sla.closed[p.dataIndex];
    } },
    markLine: { data: [{ yAxis: 95 }], symbol: "none" } }]);
  bars("chart-aging", data.aging.labels, [{ type: "bar", data: data.aging.claims }]);
  bars("chart-workload", data.workload.labels, [{ type: "bar", data: data.workload.tasks }]);
  window.claimdeskChartsReady = true;
})();
