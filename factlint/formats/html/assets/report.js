// factlint report: filters, pages of findings, and timelines drawn when they come into view. No network, no eval.
(function () {
  "use strict";

  var filters = document.getElementById("filters");
  var sections = Array.prototype.slice.call(document.querySelectorAll("section.rule"));
  var noMatch = document.querySelector("#findings .no-match");
  // Per rule section: [severity, fingerprint, html] for every finding, each rendered (and escaped) by factlint.
  // The first page of each section is already in the page; the data is read at the first filter or page change.
  var data = null;
  function items(list) {
    if (data === null) {
      var node = document.getElementById("findings-data");
      data = node ? JSON.parse(node.textContent) : {};
    }
    return data[list.getAttribute("data-list")] || [];
  }

  function checked(kind) {
    var on = {};
    if (!filters) { return on; }
    filters.querySelectorAll('input[data-filter="' + kind + '"]').forEach(function (box) {
      on[box.value] = box.checked;
    });
    return on;
  }

  // Each rule section shows one page of the findings that pass the filters; a filter change goes back to page one.
  var state = sections.map(function (section) {
    var list = section.querySelector(".finding-list");
    return {
      section: section,
      list: list,
      size: parseInt(section.getAttribute("data-page-size"), 10) || 25,
      page: 0,
      matching: null  // every finding, until a filter changes
    };
  });

  function show(s) {
    var pages = Math.max(1, Math.ceil(s.matching.length / s.size));
    s.page = Math.min(Math.max(s.page, 0), pages - 1);
    var first = s.page * s.size;
    s.list.innerHTML = s.matching.slice(first, first + s.size).map(function (item) { return item[2]; }).join("");
    var pager = s.section.querySelector(".pager");
    if (pager) {
      pager.hidden = s.matching.length <= s.size;
      pager.querySelector(".page-label").textContent =
        "page " + (s.page + 1) + " of " + pages + " (" + s.matching.length + " findings)";
      pager.querySelector('[data-page="prev"]').disabled = s.page === 0;
      pager.querySelector('[data-page="next"]').disabled = s.page >= pages - 1;
    }
  }

  function apply() {
    var severities = checked("severity"), rules = checked("rule");
    var any = false;
    state.forEach(function (s) {
      var ruleOn = rules[s.section.getAttribute("data-rule")] !== false;
      s.matching = ruleOn ? items(s.list).filter(function (item) { return severities[item[0]] !== false; }) : [];
      s.section.hidden = s.matching.length === 0;
      any = any || s.matching.length > 0;
      s.page = 0;
      show(s);
    });
    if (noMatch) { noMatch.hidden = any || state.length === 0; }
  }

  if (filters) { filters.addEventListener("change", apply); }
  state.forEach(function (s) {
    var pager = s.section.querySelector(".pager");
    if (!pager) { return; }
    pager.addEventListener("click", function (event) {
      var step = event.target.getAttribute && event.target.getAttribute("data-page");
      if (!step) { return; }
      if (s.matching === null) { apply(); }
      s.page += step === "next" ? 1 : -1;
      show(s);
      s.section.scrollIntoView({block: "start"});
    });
  });

  // Timelines: each figure is drawn the first time it comes into view (a big corpus has many).
  var figures = null;
  function figure(id) {
    if (figures === null) {
      var node = document.getElementById("figures");
      figures = node ? JSON.parse(node.textContent) : {};
    }
    return figures[id];
  }

  // plotly.js is big: it runs when the first timeline comes into view, not while the page loads. The
  // Content-Security-Policy lets it run by its hash, as it would inline.
  function plotly() {
    if (typeof Plotly === "undefined") {
      var code = document.getElementById("plotly-js");
      if (!code) { return null; }
      var script = document.createElement("script");
      script.textContent = code.textContent;
      document.head.appendChild(script);
    }
    return typeof Plotly === "undefined" ? null : Plotly;
  }
  var config = {displaylogo: false, responsive: true, typesetMath: false, showLink: false,
                modeBarButtonsToRemove: ["sendChartToCloud", "sendDataToCloud", "select2d", "lasso2d"]};

  function draw(div) {
    var fig = figure(div.getAttribute("data-figure"));
    var lib = fig && !div.getAttribute("data-drawn") ? plotly() : null;
    if (!lib) { return; }
    div.setAttribute("data-drawn", "pending");
    lib.newPlot(div, fig.data, fig.layout, config).then(function () {
      div.setAttribute("data-drawn", "yes");
    });
  }

  var charts = document.querySelectorAll("div.chart[data-figure]");
  if ("IntersectionObserver" in window) {
    var seen = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) { seen.unobserve(entry.target); draw(entry.target); }
      });
    }, {rootMargin: "200px"});
    charts.forEach(function (div) { seen.observe(div); });
  } else {
    charts.forEach(draw);
  }
})();
