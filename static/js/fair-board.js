/* The fair's live board: a bar chart per district (invited, confirmed, checked in) drawn
   with Chart.js from the JSON the figures embed, redrawn each time htmx swaps in fresh
   figures (every 10 s). No inline script, as the CSP requires. */
(function () {
  "use strict";

  var COLOURS = { invited: "#adb5bd", confirmed: "#6ea8fe", checked_in: "#198754" };
  var chart = null;

  function draw() {
    var canvas = document.querySelector("canvas[data-board-chart]");
    var source = canvas && document.getElementById(canvas.dataset.boardChart);
    if (!source || typeof window.Chart === "undefined") {
      return;
    }
    if (chart && chart.canvas === canvas) {
      return;
    }
    var data = JSON.parse(source.textContent);
    var datasets = Object.keys(data.series).map(function (key) {
      return { label: data.series[key], data: data[key], backgroundColor: COLOURS[key] };
    });
    if (chart) {
      chart.destroy();
    }
    canvas.parentNode.style.position = "relative";
    canvas.parentNode.style.height = Math.max(160, 40 * data.labels.length + 70) + "px";
    window.Chart.defaults.font.family = window.getComputedStyle(document.body).fontFamily;
    chart = new window.Chart(canvas, {
      type: "bar",
      data: { labels: data.labels, datasets: datasets },
      options: {
        indexAxis: "y",
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: { x: { beginAtZero: true, ticks: { precision: 0 } } },
        plugins: { legend: { position: "bottom" } }
      }
    });
  }

  // After a swap the figures (and their canvas) are new: draw the new canvas. The canvas has
  // no id on purpose: htmx would copy the old one's style attribute (set by Chart.js) onto
  // the new one, an inline style the CSP refuses.
  document.addEventListener("htmx:afterSettle", draw);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
