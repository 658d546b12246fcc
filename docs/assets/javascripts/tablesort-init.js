// Make every plain Markdown table sortable; material re-renders pages without a full reload,
// so this runs on each page view (document$), not just once.
document$.subscribe(function () {
  document.querySelectorAll("article table:not([class])").forEach(function (table) {
    new Tablesort(table);
  });
});
