// The console's only script (no inline scripts: the pages' Content-Security-Policy allows none).
(function () {
  "use strict";
  var COLORS = {
    "delivered": "#2e7d32", "skipped-by-rule": "#9e9e9e", "held-for-review": "#f9a825", "dead-lettered": "#c62828"
  };

  function charts() {
    if (typeof Chart === "undefined") { return; }
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      if (Chart.getChart(canvas)) { return; }
      var data = JSON.parse(canvas.getAttribute("data-chart"));
      data.datasets.forEach(function (set) {
        set.backgroundColor = COLORS[set.label] || "#5c6bc0";
        set.borderWidth = 0;
      });
      new Chart(canvas, {
        type: "bar",
        data: data,
        options: {
          animation: false,
          maintainAspectRatio: false,
          scales: { x: { stacked: true, ticks: { maxTicksLimit: 12 } }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
          plugins: { legend: { position: "bottom" } }
        }
      });
    });
  }

  function selectAll() {
    var all = document.getElementById("select-all");
    if (!all) { return; }
    all.addEventListener("change", function () {
      document.querySelectorAll("input.pick").forEach(function (box) { box.checked = all.checked; });
    });
  }

  function confirmations() {
    document.querySelectorAll("form.confirm").forEach(function (form) {
      form.addEventListener("submit", function (e) {
        if (!window.confirm(form.getAttribute("data-confirm"))) { e.preventDefault(); }
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    charts();
    selectAll();
    confirmations();
  });
})();
