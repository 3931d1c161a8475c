/* The targeting screen's chart: per district, the eligible (poor) households and those the
   rules chose, drawn with Chart.js from the JSON the page embeds (#targeting-chart-data).
   The table under the chart holds the same figures. */
(function () {
  "use strict";

  function draw() {
    var source = document.getElementById("targeting-chart-data");
    var canvas = document.getElementById("targeting-chart");
    if (!source || !canvas || typeof window.Chart === "undefined") {
      return;
    }
    var data = JSON.parse(source.textContent);
    var Chart = window.Chart;

    // One bar per district along the vertical axis; the box grows with the districts
    // (CSSOM, which the CSP allows, unlike style attributes).
    canvas.parentNode.style.position = "relative";
    canvas.parentNode.style.height = Math.max(160, 34 * data.labels.length + 70) + "px";
    Chart.defaults.font.family = window.getComputedStyle(document.body).fontFamily;

    new Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: [
          { label: data.series.eligible, data: data.eligible, backgroundColor: "#ffc107" },
          { label: data.series.chosen, data: data.chosen, backgroundColor: "#0d6efd" }
        ]
      },
      options: {
        indexAxis: "y",
        responsive: true,
        maintainAspectRatio: false,
        scales: { x: { beginAtZero: true, ticks: { precision: 0 } } },
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
