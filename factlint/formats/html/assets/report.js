// factlint report: filters, pages of findings, and timelines drawn when they come into view. No network, no eval.
(function () {
  "use strict";

  // The data is gzipped and base64-encoded in the page (<script type="application/gzip">): unpacked on demand.
  var unpacked = {};
  function unpack(id) {
    if (!unpacked[id]) {
      var node = document.getElementById(id);
      unpacked[id] = !node ? Promise.resolve(null) : Promise.resolve().then(function () {
        var raw = atob(node.textContent.trim());
        var bytes = new Uint8Array(raw.length);
        for (var i = 0; i < raw.length; i++) { bytes[i] = raw.charCodeAt(i); }
        var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
        return new Response(stream).text();
      });
    }
    return unpacked[id];
  }

  // --- findings: filters and pages ---------------------------------------------------------------------------------
  var findings = document.getElementById("findings");
  var filters = document.getElementById("filters");
  var sections = Array.prototype.slice.call(document.querySelectorAll("section.rule"));
  var noMatch = document.querySelector("#findings .no-match");
  // Per rule section, [severity, fingerprint, html] for every finding, each rendered (and escaped) by factlint.
  // The first page of each section is in the page as it opens.
  var data = null;

  function checked(kind) {
    var on = {};
    if (!filters) { return on; }
    filters.querySelectorAll('input[data-filter="' + kind + '"]').forEach(function (box) {
      on[box.value] = box.checked;
    });
    return on;
  }

  var state = sections.map(function (section) {
    var list = section.querySelector(".finding-list");
    return {
      section: section,
      list: list,
      size: parseInt(section.getAttribute("data-page-size"), 10) || 25,
      page: 0,
      matching: null  // the findings that pass the filters, once the data is read
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
      var items = data[s.list.getAttribute("data-list")] || [];
      s.matching = ruleOn ? items.filter(function (item) { return severities[item[0]] !== false; }) : [];
      s.section.hidden = s.matching.length === 0;
      any = any || s.matching.length > 0;
      s.page = 0;
      show(s);
    });
    if (noMatch) { noMatch.hidden = any || state.length === 0; }
  }

  // Controls work once the data is read (a moment after the page opens); #findings[data-ready] says so.
  var ready = unpack("findings-data").then(function (text) {
    data = text ? JSON.parse(text) : {};
    if (findings) { findings.setAttribute("data-ready", "yes"); }
  }).catch(function (error) {
    if (findings) { findings.setAttribute("data-ready", "failed"); }
    throw error;
  });

  if (filters) {
    filters.addEventListener("change", function () { ready.then(apply); });
  }
  state.forEach(function (s) {
    var pager = s.section.querySelector(".pager");
    if (!pager) { return; }
    pager.addEventListener("click", function (event) {
      var step = event.target.getAttribute && event.target.getAttribute("data-page");
      if (!step) { return; }
      ready.then(function () {
        if (s.matching === null) { apply(); }
        s.page += step === "next" ? 1 : -1;
        show(s);
        s.section.scrollIntoView({block: "start"});
      });
    });
  });

  // --- timelines: drawn the first time each comes into view --------------------------------------------------------
  var figures = null;
  function figureData() {
    if (!figures) { figures = unpack("figures").then(function (text) { return text ? JSON.parse(text) : {}; }); }
    return figures;
  }

  // plotly.js is big: it is unpacked and run (allowed by its hash in the page's Content-Security-Policy) when the
  // first timeline comes into view, not while the page opens.
  var plotly = null;
  function library() {
    if (!plotly) {
      plotly = unpack("plotly-js").then(function (code) {
        if (typeof Plotly === "undefined" && code) {
          var script = document.createElement("script");
          script.textContent = code;
          document.head.appendChild(script);
        }
        return typeof Plotly === "undefined" ? null : Plotly;
      });
    }
    return plotly;
  }
  var config = {displaylogo: false, responsive: true, typesetMath: false, showLink: false,
                modeBarButtonsToRemove: ["sendChartToCloud", "sendDataToCloud", "select2d", "lasso2d"]};

  function draw(div) {
    if (div.getAttribute("data-drawn")) { return; }
    div.setAttribute("data-drawn", "pending");
    Promise.all([figureData(), library()]).then(function (loaded) {
      var fig = loaded[0][div.getAttribute("data-figure")], lib = loaded[1];
      if (!fig || !lib) { div.setAttribute("data-drawn", "failed"); return null; }
      return lib.newPlot(div, fig.data, fig.layout, config).then(function () {
        div.setAttribute("data-drawn", "yes");
      });
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
