// Instant filters for the generated pages: the timeline (kind, tag), the comparison matrices
// (technique name) and the glossary (English or Chinese, term or definition).
(function () {
  "use strict";

  function norm(text) { return (text || "").toLowerCase(); }

  function timeline() {
    var root = document.getElementById("atlas-timeline");
    if (!root) return;
    var boxes = [].slice.call(root.querySelectorAll(".atlas-kinds input"));
    var tag = root.querySelector(".atlas-tag-filter");
    var status = root.querySelector(".atlas-status");
    var items = [].slice.call(root.querySelectorAll(".atlas-item"));
    function apply() {
      var kinds = {};
      boxes.forEach(function (b) { kinds[b.value] = b.checked; });
      var shown = 0;
      items.forEach(function (item) {
        var tags = item.dataset.tags ? item.dataset.tags.split(" ") : [];
        var on = kinds[item.dataset.kind] && (!tag.value || tags.indexOf(tag.value) >= 0);
        item.hidden = !on;
        if (on) shown += 1;
      });
      root.querySelectorAll(".atlas-year").forEach(function (year) {
        year.hidden = !year.querySelector(".atlas-item:not([hidden])");
      });
      root.querySelectorAll(".atlas-era-band").forEach(function (band) {
        band.hidden = !band.querySelector(".atlas-year:not([hidden])");
      });
      root.dataset.visibleItems = String(shown);
      status.textContent = (status.dataset.template || "{shown} / {total}")
        .replace("{shown}", shown).replace("{total}", items.length);
    }
    boxes.forEach(function (b) { b.addEventListener("change", apply); });
    tag.addEventListener("change", apply);
    apply();
  }

  // The matrices: a row stays when the filter matches any of its names, English or Chinese,
  // abbreviation or alias (the row carries them all in data-names).
  function matrices() {
    document.querySelectorAll(".atlas-matrix-filter").forEach(function (input) {
      var table = document.getElementById("matrix-" + input.dataset.matrix);
      if (!table) return;
      input.addEventListener("input", function () {
        var q = norm(input.value.trim());
        table.querySelectorAll("tbody tr").forEach(function (row) {
          row.hidden = q && norm(row.dataset.names + " " + row.textContent).indexOf(q) < 0;
        });
      });
    });
  }

  // Index tables: filter rows by any text in them (English and Chinese names are both cells).
  function indexes() {
    document.querySelectorAll(".atlas-index-filter").forEach(function (input) {
      var article = input.closest("article") || document;
      var table = article.querySelector("table");
      var status = input.parentElement.querySelector(".atlas-status");
      if (!table) return;
      var rows = [].slice.call(table.querySelectorAll("tbody tr"));
      input.addEventListener("input", function () {
        var q = norm(input.value.trim());
        var shown = 0;
        rows.forEach(function (row) {
          var on = !q || norm(row.textContent).indexOf(q) >= 0;
          row.hidden = !on;
          if (on) shown += 1;
        });
        if (status) status.textContent = q ? shown + " / " + rows.length : "";
        table.dataset.visibleRows = String(shown);
      });
    });
  }

  function glossary() {
    var input = document.querySelector(".atlas-glossary-filter");
    if (!input) return;
    var article = input.closest("article") || document;
    var status = article.querySelector(".atlas-glossary-status");
    input.addEventListener("input", function () {
      var q = norm(input.value.trim());
      var shown = 0;
      article.querySelectorAll("dl").forEach(function (list) {
        var any = false;
        list.querySelectorAll("dt").forEach(function (dt) {
          var dd = dt.nextElementSibling;
          var text = norm(dt.textContent + " " + (dd ? dd.textContent : ""));
          var on = !q || text.indexOf(q) >= 0;
          dt.hidden = !on;
          if (dd) dd.hidden = !on;
          if (on) { shown += 1; any = true; }
        });
        var heading = list.previousElementSibling;
        list.hidden = !any;
        if (heading && heading.tagName === "H2") heading.hidden = !any;
      });
      if (status) status.textContent = q ? shown + " matching terms" : "";
    });
  }

  function start() { timeline(); matrices(); indexes(); glossary(); }
  if (window.document$) window.document$.subscribe(start); else start();
})();
