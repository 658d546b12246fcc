// Make every plain Markdown table sortable; material re-renders pages without a full reload,
// so this runs on each page view (document$), not just once. A cell whose value sorts by
// something other than its text (1.57T above 600B) carries the number on an inner element's
// data-sort, which Markdown cannot put on the cell itself: it is moved to the cell here.
document$.subscribe(function () {
  document.querySelectorAll("article table:not([class])").forEach(function (table) {
    table.querySelectorAll("td [data-sort]").forEach(function (inner) {
      inner.closest("td").setAttribute("data-sort", inner.getAttribute("data-sort"));
    });
    new Tablesort(table);
  });
});
