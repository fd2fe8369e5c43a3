/* kg serve, the regulation page: its spread as a chart (Chart.js, shipped with kg): the counties citing it for
 * the first time each year (bars) and how many had by then (line). The data are numbers and years only. */
(function () {
  "use strict";
  var rows = JSON.parse(document.getElementById("kg-spread-data").textContent);
  var canvas = document.getElementById("kg-spread");
  if (!rows.length || typeof Chart === "undefined") { canvas.parentNode.hidden = !rows.length; return; }
  window.kgChart = new Chart(canvas, {
    data: {
      labels: rows.map(function (r) { return String(r.year); }),
      datasets: [
        { type: "bar", label: "新增县 new counties", data: rows.map(function (r) { return r.new; }),
          backgroundColor: "rgba(233, 30, 99, 0.45)", yAxisID: "y" },
        { type: "line", label: "累计 counties so far", data: rows.map(function (r) { return r.total; }),
          borderColor: "#e91e63", backgroundColor: "#e91e63", tension: 0, yAxisID: "y" }
      ]
    },
    options: {
      animation: false, maintainAspectRatio: false,
      scales: { y: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: "县 counties" } } },
      plugins: { legend: { position: "bottom" } }
    }
  });
})();
