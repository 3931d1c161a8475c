/* The home page's chart: poor and not poor households by district, drawn with Chart.js from
   the JSON the page embeds (#chart-data). The table under the chart holds the same figures. */
(function () {
  "use strict";

  function draw() {
    var source = document.getElementById("chart-data");
    var canvas = document.getElementById("district-chart");
    if (!source || !canvas || typeof window.Chart === "undefined") {
      return;
    }
    var data = JSON.parse(source.textContent);
    var Chart = window.Chart;

    // Thai district names read best along the vertical axis, one bar per row; the box grows
    // with the number of districts (CSSOM, which the CSP allows, unlike style attributes).
    canvas.parentNode.style.position = "relative";
    canvas.parentNode.style.height = Math.max(160, 34 * data.labels.length + 70) + "px";
    Chart.defaults.font.family = window.getComputedStyle(document.body).fontFamily;

    new Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: [
          { label: data.series.poor, data: data.poor, backgroundColor: "#dc3545" },
          { label: data.series.not_poor, data: data.not_poor, backgroundColor: "#75b798" }
        ]
      },
      options: {
        indexAxis: "y",
        responsive: true,
        maintainAspectRatio: false,
        scales: {
          x: { stacked: true, beginAtZero: true, ticks: { precision: 0 } },
          y: { stacked: true }
        },
        plugins: { legend: { position: "bottom" } }
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
