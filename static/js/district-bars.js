/* Bar charts of figures by district, one bar per district along the vertical axis, drawn
   with Chart.js from the JSON a page embeds; the table beside each chart holds the same
   figures. Each chart is a canvas that names its data and its series:

     <canvas data-chart-source="chart-data"
             data-chart-series="poor:#dc3545 not_poor:#75b798" data-chart-stacked="true">

   where the JSON holds `labels`, one list per series key, and `series` {key: label}. Used by
   the home page, the targeting screen and the programme overview (cases by step, stacked);
   no inline script, as the CSP requires. */
(function () {
  "use strict";

  function draw(canvas) {
    var source = document.getElementById(canvas.dataset.chartSource);
    if (!source || typeof window.Chart === "undefined") {
      return;
    }
    var data = JSON.parse(source.textContent);
    var stacked = canvas.dataset.chartStacked === "true";
    var datasets = canvas.dataset.chartSeries.split(" ").map(function (entry) {
      var parts = entry.split(":");
      return { label: data.series[parts[0]], data: data[parts[0]], backgroundColor: parts[1] };
    });

    // The box grows with the number of districts (CSSOM, which the CSP allows, unlike
    // style attributes).
    canvas.parentNode.style.position = "relative";
    canvas.parentNode.style.height = Math.max(160, 34 * data.labels.length + 70) + "px";
    window.Chart.defaults.font.family = window.getComputedStyle(document.body).fontFamily;

    new window.Chart(canvas, {
      type: "bar",
      data: { labels: data.labels, datasets: datasets },
      options: {
        indexAxis: "y",
        responsive: true,
        maintainAspectRatio: false,
        scales: {
          x: { stacked: stacked, beginAtZero: true, ticks: { precision: 0 } },
          y: { stacked: stacked }
        },
        plugins: { legend: { position: "bottom" } }
      }
    });
  }

  function drawAll() {
    document.querySelectorAll("canvas[data-chart-source]").forEach(draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
