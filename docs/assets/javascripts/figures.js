// Lineage figures are SVG files drawn at build time. Each one is put into the page itself, so
// that its boxes are links, its ink follows the light or dark palette (CSS variables, also after
// a switch), and a figure wider than the page scrolls inside its own box rather than shrinking
// its labels. Without JavaScript the plain image is shown.
(function () {
  "use strict";

  // A figure may shrink to fit the column only so far that its smallest text stays readable:
  // 11px on a wide screen, 9.5px on a phone held at arm's length. Past that it scrolls sideways.
  var PHONE = window.matchMedia("(max-width: 600px)");

  function fit(box) {
    var svg = box.querySelector("svg");
    if (!svg) return;
    var natural = parseFloat(svg.dataset.naturalWidth);
    var smallest = parseFloat(svg.dataset.smallestText);
    var floor = PHONE.matches ? 9.5 : 11.2;
    var least = Math.min(1, floor / smallest);
    var room = box.clientWidth;
    var width = Math.max(natural * least, Math.min(natural, room));
    svg.style.width = width + "px";
    svg.style.height = "auto";
    box.classList.toggle("atlas-figure-scrolls", width > room + 1);
  }

  function inline(box) {
    var img = box.querySelector("img");
    if (!img || box.dataset.inlined) return;
    box.dataset.inlined = "pending";
    var url = new URL(img.getAttribute("src"), window.location.href);
    fetch(url).then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
      .then(function (text) {
        var doc = new DOMParser().parseFromString(text, "image/svg+xml");
        var svg = doc.documentElement;
        if (!svg || svg.nodeName !== "svg") return;
        // Our own files hold no scripts; nothing executable is let in regardless.
        svg.querySelectorAll("script, foreignObject").forEach(function (n) { n.remove(); });
        svg.querySelectorAll("a").forEach(function (a) {
          var href = a.getAttribute("xlink:href") || a.getAttribute("href");
          if (!href) return;
          var target = new URL(href, url);
          a.removeAttribute("xlink:href");
          a.removeAttribute("target");
          a.setAttribute("href", target.origin === window.location.origin ?
            target.pathname + target.hash : "#");
        });
        var width = parseFloat(svg.getAttribute("width")) * (svg.getAttribute("width").indexOf("pt") > 0 ? 4 / 3 : 1);
        svg.dataset.naturalWidth = String(width);
        svg.setAttribute("aria-label", img.getAttribute("alt") || "");
        svg.removeAttribute("height");
        var placed = document.importNode(svg, true);
        img.parentNode.replaceChild(placed, img);
        // Font sizes are in the drawing's own units; the natural width says what those are in px.
        var unit = width / placed.viewBox.baseVal.width;
        var sizes = [].map.call(placed.querySelectorAll("text"), function (t) {
          return parseFloat(getComputedStyle(t).fontSize) * unit;
        }).filter(function (px) { return px > 0; });
        placed.dataset.smallestText = String(sizes.length ? Math.min.apply(null, sizes) : 12);
        box.dataset.inlined = "true";
        fit(box);
      })
      .catch(function () { box.dataset.inlined = "failed"; });
  }

  function start() {
    document.querySelectorAll(".atlas-figure").forEach(inline);
  }
  window.addEventListener("resize", function () {
    document.querySelectorAll(".atlas-figure[data-inlined=true]").forEach(fit);
  });
  if (window.document$) window.document$.subscribe(start); else start();
})();
