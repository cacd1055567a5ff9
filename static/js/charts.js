/* Dashboard charts: every <canvas data-chart="ID"> is drawn with Chart.js from the JSON in <script id="ID">
   (dashboards.panels.Panel.chart(): kind, unit, labels, datasets). Loaded as a file (CSP: script-src 'self').

   On a right-to-left page a chart is mirrored (docs/decisions/0010-charts.md): legend and tooltips run right to
   left, a vertical bar chart's categories run from the right with the value axis on the right, and horizontal bars
   grow leftwards from categories on the right. Numbers are written in the page's language, in Arabic-Indic digits
   when the page writes them (<html data-digits="arab">). Hidden groups and missing values are null: no bar. */
(function () {
  "use strict";

  // Okabe–Ito: told apart by readers with any common colour-vision deficiency.
  var COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"];
  var LABEL_MAX = 34;

  function pageLocale() {
    var html = document.documentElement;
    var lang = html.lang || "en";
    var system = html.getAttribute("data-digits") === "arab" ? "arab" : "latn";
    return lang + "-u-nu-" + system;
  }

  function formatter(unit) {
    var locale = pageLocale();
    var number;
    try {
      number = new Intl.NumberFormat(locale, {maximumFractionDigits: 1});
    } catch (e) {
      number = new Intl.NumberFormat(undefined, {maximumFractionDigits: 1});
    }
    var percentSign = locale.indexOf("-nu-arab") > 0 ? "٪" : "%";
    return function (value) {
      if (value === null || value === undefined || isNaN(value)) {
        return "";
      }
      var text = number.format(value);
      return unit === "percent" ? text + percentSign : text;
    };
  }

  function options(data, rtl) {
    var horizontal = data.kind === "hbar" || data.kind === "stacked";
    var stacked = data.kind === "stacked";
    var format = formatter(data.unit);
    var valueAxis = {
      beginAtZero: true,
      stacked: stacked,
      ticks: {precision: data.unit === "percent" ? undefined : 0, callback: function (value) { return format(value); }},
      // Horizontal bars grow leftwards on a right-to-left page.
      reverse: horizontal && rtl
    };
    if (data.unit === "percent" && !stacked) {
      valueAxis.max = 100;
    }
    var categoryAxis = {
      stacked: stacked,
      // Vertical bars: the first category on the right.
      reverse: !horizontal && rtl,
      ticks: {
        autoSkip: false,
        // A long goal title would squeeze the bars: the axis shows its start, the tooltip and the table all of it.
        callback: function (value) {
          var label = String(this.getLabelForValue(value));
          return label.length > LABEL_MAX ? label.slice(0, LABEL_MAX - 1) + "…" : label;
        }
      }
    };
    var scales = {};
    if (horizontal) {
      scales.x = valueAxis;
      scales.y = categoryAxis;
      scales.y.position = rtl ? "right" : "left";
    } else {
      scales.x = categoryAxis;
      scales.y = valueAxis;
      scales.y.position = rtl ? "right" : "left";
      scales.x.ticks.maxRotation = 60;
    }
    return {
      indexAxis: horizontal ? "y" : "x",
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      locale: pageLocale(),
      scales: scales,
      plugins: {
        legend: {display: data.datasets.length > 1, rtl: rtl, textDirection: rtl ? "rtl" : "ltr", position: "top"},
        tooltip: {
          rtl: rtl,
          textDirection: rtl ? "rtl" : "ltr",
          callbacks: {
            label: function (item) {
              var name = data.datasets.length > 1 ? item.dataset.label + ": " : "";
              return name + format(horizontal ? item.parsed.x : item.parsed.y);
            }
          }
        }
      }
    };
  }

  function draw(canvas) {
    if (typeof window.Chart === "undefined" || canvas.hasAttribute("data-drawn")) {
      return;
    }
    var source = document.getElementById(canvas.getAttribute("data-chart"));
    if (!source) {
      return;
    }
    var data = JSON.parse(source.textContent);
    var rtl = (canvas.closest("[dir]") || document.documentElement).getAttribute("dir") === "rtl";
    var single = data.datasets.length === 1;
    var datasets = data.datasets.map(function (set, i) {
      var colour = COLOURS[i % COLOURS.length];
      return {label: set.label, data: set.data, backgroundColor: colour, borderColor: colour, borderWidth: 0,
              maxBarThickness: single ? 48 : 36};
    });
    new window.Chart(canvas, {type: "bar", data: {labels: data.labels, datasets: datasets}, options: options(data, rtl)});
    canvas.setAttribute("data-drawn", "true");
  }

  function drawAll(root) {
    if (typeof window.Chart === "undefined") {
      return;
    }
    var family = window.getComputedStyle(document.body).fontFamily;
    if (family) {
      window.Chart.defaults.font.family = family;
    }
    window.Chart.defaults.color = "#343a40";
    var canvases = (root || document).querySelectorAll("canvas[data-chart]");
    for (var i = 0; i < canvases.length; i++) {
      draw(canvases[i]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { drawAll(document); });
  } else {
    drawAll(document);
  }
  document.addEventListener("htmx:afterSwap", function (event) { drawAll(event.target); });
})();
