// Lineage figures are SVG files drawn at build time. Each one is put into the page itself, so
// that its boxes are links, its ink follows the light or dark palette (CSS variables, also after
// a switch), and a figure wider than the page scrolls inside its own box rather than shrinking
// its labels. Without JavaScript the plain image is shown.
(function () {
  "use strict";

  // The smallest text of a figure (years, legend) is drawn at 9pt (12px); a figure may shrink
  // to fit the column only so far that it stays at 11px or more. Past that it scrolls sideways.
  var MIN_SCALE = 11.2 / 12;

  function fit(box) {
    var svg = box.querySelector("svg");
    if (!svg) return;
    var natural = parseFloat(svg.dataset.naturalWidth);
    var room = box.clientWidth;
    var width = Math.max(natural * MIN_SCALE, Math.min(natural, room));
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
        img.parentNode.replaceChild(document.importNode(svg, true), img);
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
