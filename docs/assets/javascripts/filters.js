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
      status.textContent = shown + " of " + items.length + " records";
    }
    boxes.forEach(function (b) { b.addEventListener("change", apply); });
    tag.addEventListener("change", apply);
    apply();
  }

  function matrices() {
    document.querySelectorAll(".atlas-matrix-filter").forEach(function (input) {
      var table = input.parentElement.nextElementSibling;
      while (table && !table.querySelector("table")) table = table.nextElementSibling;
      if (!table) return;
      input.addEventListener("input", function () {
        var q = norm(input.value);
        table.querySelectorAll("tbody tr").forEach(function (row) {
          row.hidden = q && norm(row.cells[0].textContent + " " + row.cells[1].textContent)
            .indexOf(q) < 0;
        });
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

  function start() { timeline(); matrices(); glossary(); }
  if (window.document$) window.document$.subscribe(start); else start();
})();
