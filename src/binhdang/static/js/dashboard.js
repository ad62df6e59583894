// Dashboard charts: the trend of the selected indicator with its target line, and the age–sex
// pyramid drawn from the table beside it (the table stays the accessible, printable form).
(function () {
  "use strict";
  function number(text) {
    // "<5" is a count hidden from viewers: no bar, rather than a bar of 5.
    if (String(text).trim().charAt(0) === "<") return null;
    var value = parseInt(String(text).replace(/\D/g, ""), 10);
    return isNaN(value) ? 0 : value;
  }
  function pyramid() {
    var canvas = document.getElementById("pyramid-chart");
    var table = document.getElementById("pyramid-table");
    if (!canvas || !table || !window.Chart) return;
    var labels = [], women = [], men = [];
    table.querySelectorAll("tbody tr").forEach(function (row) {
      var cells = row.querySelectorAll("td");
      labels.push(cells[0].textContent);
      women.push(number(cells[1].textContent));
      var man = number(cells[2].textContent);
      men.push(man === null ? null : -man);
    });
    new window.Chart(canvas, {
      type: "bar",
      data: { labels: labels, datasets: [
        { label: canvas.dataset.women, data: women, backgroundColor: "#c2417a" },
        { label: canvas.dataset.men, data: men, backgroundColor: "#2f6fb3" }
      ] },
      options: {
        indexAxis: "y", maintainAspectRatio: false,
        scales: { x: { stacked: true, ticks: { callback: function (v) { return Math.abs(v); } } }, y: { stacked: true } },
        plugins: { tooltip: { callbacks: { label: function (c) { return c.dataset.label + ": " + Math.abs(c.raw); } } } }
      }
    });
  }
  function trend() {
    var canvas = document.getElementById("trend-chart");
    if (!canvas || !window.Chart) return;
    fetch(canvas.dataset.url, { credentials: "same-origin" }).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (data) {
      if (!data) return;
      var share = canvas.dataset.share === "1";
      canvas.dataset.loaded = String(data.points.length);
      new window.Chart(canvas, {
        type: "line",
        data: {
          labels: data.points.map(function (p) { return p.day; }),
          datasets: [
            { label: canvas.dataset.valueLabel, data: data.points.map(function (p) { return p.value; }), borderColor: "#c2417a", spanGaps: true },
            { label: canvas.dataset.targetLabel, data: data.points.map(function (p) { return p.target; }), borderColor: "#1a7f37", borderDash: [6, 4], pointRadius: 0 }
          ]
        },
        options: { maintainAspectRatio: false, scales: { y: share ? { min: 0, max: 100 } : { beginAtZero: true } } }
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { pyramid(); trend(); });
})();
