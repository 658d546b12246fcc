// Lineage explorer: draws the build-time layout in api/explorer.json on a canvas.
// Two modes: the full explorer (#atlas-explorer) with filters and search, and a record's
// neighbourhood (.atlas-neighbourhood[data-record]) on its own page. Text from records is only
// ever set with textContent, never as HTML.
(function () {
  "use strict";

  var KIND_COLOURS = {};  // from the data file: kinds are declared once, in model.py
  var RADIUS = 7;
  var scriptSrc = document.currentScript && document.currentScript.src;
  var siteRoot = scriptSrc ? scriptSrc.replace(/assets\/javascripts\/explorer\.js.*$/, "") : "/";
  var dataPromise = null;

  function loadData(url) {
    if (url) return fetch(url).then(function (r) { return r.json(); });
    if (!dataPromise) {
      dataPromise = fetch(siteRoot + "api/explorer.json").then(function (r) { return r.json(); });
    }
    return dataPromise;
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function themeColour(name, fallback) {
    var value = getComputedStyle(document.body).getPropertyValue(name).trim();
    return value || fallback;
  }

  function Explorer(container, data, options) {
    KIND_COLOURS = data.colours || {};
    this.container = container;
    this.data = data;
    this.options = options;
    this.nodes = data.nodes;
    this.byId = {};
    var self = this;
    this.nodes.forEach(function (n, i) { n.index = i; self.byId[n.id] = n; });
    this.out = this.nodes.map(function () { return []; });
    this.inc = this.nodes.map(function () { return []; });
    data.edges.forEach(function (e) {
      self.out[e[0]].push(e);
      self.inc[e[1]].push(e);
    });
    this.lineageTypes = {};
    data.lineage.forEach(function (t) { self.lineageTypes[data.types.indexOf(t)] = true; });
    this.filters = { kinds: {}, types: {}, era: "", tag: "" };
    data.kinds.forEach(function (k) { self.filters.kinds[k] = true; });
    data.types.forEach(function (t, i) { self.filters.types[i] = true; });
    this.only = null; // neighbourhood mode: the set of node indexes to show
    this.hover = null;
    this.selected = null;
    this.scale = 1; this.tx = 0; this.ty = 0;
    this.build();
    if (options.record) this.focusNeighbourhood(options.record);
    this.applyFilters();
    this.fit();
    var started = performance.now();
    this.draw();
    this.firstRenderMs = performance.now() - started + (options.loadMs || 0);
    container.dataset.firstRenderMs = this.firstRenderMs.toFixed(1);
    container.dataset.ready = "true";
  }

  Explorer.prototype.build = function () {
    var self = this;
    var box = this.container;
    box.textContent = "";
    if (!this.options.record) {
      var controls = el("div", { class: "atlas-controls" });
      var search = el("input", { type: "search", placeholder: "Find a record (English or 中文)",
                                 list: "atlas-explorer-names", "aria-label": "Find a record" });
      var names = el("datalist", { id: "atlas-explorer-names" });
      this.nodes.forEach(function (n) {
        names.appendChild(el("option", { value: n.name + (n.zh ? " · " + n.zh : "") }));
      });
      search.addEventListener("change", function () { self.find(search.value); });
      search.addEventListener("keydown", function (ev) {
        if (ev.key === "Enter") self.find(search.value);
      });
      controls.appendChild(search);
      controls.appendChild(names);
      var kinds = el("fieldset", { class: "atlas-kinds" });
      kinds.appendChild(el("legend", {}, "Kinds"));
      this.data.kinds.forEach(function (k) {
        var label = el("label");
        var box = el("input", { type: "checkbox", value: k, checked: "" });
        box.addEventListener("change", function () {
          self.filters.kinds[k] = box.checked; self.applyFilters(); self.draw();
        });
        var swatch = el("span", { class: "atlas-swatch" });
        swatch.style.background = KIND_COLOURS[k];
        label.appendChild(box); label.appendChild(swatch);
        label.appendChild(document.createTextNode(k));
        kinds.appendChild(label);
      });
      controls.appendChild(kinds);
      var types = el("fieldset", { class: "atlas-types" });
      types.appendChild(el("legend", {}, "Relations"));
      this.data.types.forEach(function (t, i) {
        var label = el("label");
        var box = el("input", { type: "checkbox", value: t, checked: "" });
        box.addEventListener("change", function () {
          self.filters.types[i] = box.checked; self.applyFilters(); self.draw();
        });
        label.appendChild(box);
        label.appendChild(document.createTextNode(t.replace("_", " ")));
        types.appendChild(label);
      });
      controls.appendChild(types);
      var eraSelect = el("select", { "aria-label": "Era" });
      eraSelect.appendChild(el("option", { value: "" }, "All eras"));
      this.data.eras.forEach(function (e) {
        eraSelect.appendChild(el("option", { value: e.id }, e.name));
      });
      eraSelect.addEventListener("change", function () {
        self.filters.era = eraSelect.value; self.applyFilters(); self.fit(); self.draw();
      });
      var tags = {};
      this.nodes.forEach(function (n) { n.tags.forEach(function (t) { tags[t] = true; }); });
      var tagSelect = el("select", { "aria-label": "Tag" });
      tagSelect.appendChild(el("option", { value: "" }, "All tags"));
      Object.keys(tags).sort().forEach(function (t) {
        tagSelect.appendChild(el("option", { value: t }, t));
      });
      tagSelect.addEventListener("change", function () {
        self.filters.tag = tagSelect.value; self.applyFilters(); self.fit(); self.draw();
      });
      controls.appendChild(eraSelect);
      controls.appendChild(tagSelect);
      this.status = el("span", { class: "atlas-status", "aria-live": "polite" });
      controls.appendChild(this.status);
      box.appendChild(controls);
    }
    this.canvas = el("canvas", { class: "atlas-canvas", role: "img",
                                 "aria-label": "Graph of records and their relations" });
    this.tooltip = el("div", { class: "atlas-tooltip", hidden: "" });
    var stage = el("div", { class: "atlas-stage" });
    stage.appendChild(this.canvas);
    stage.appendChild(this.tooltip);
    box.appendChild(stage);
    this.resize();
    window.addEventListener("resize", function () { self.resize(); self.draw(); });
    this.bindPointer();
  };

  Explorer.prototype.resize = function () {
    var ratio = window.devicePixelRatio || 1;
    var width = this.canvas.parentNode.clientWidth || 600;
    var height = this.options.record ? 320 : Math.max(420, Math.round(window.innerHeight * 0.65));
    this.canvas.width = width * ratio;
    this.canvas.height = height * ratio;
    this.canvas.style.width = width + "px";
    this.canvas.style.height = height + "px";
    this.ratio = ratio; this.width = width; this.height = height;
  };

  Explorer.prototype.focusNeighbourhood = function (id) {
    var centre = this.byId[id];
    if (!centre) return;
    var keep = {};
    keep[centre.index] = true;
    this.out[centre.index].forEach(function (e) { keep[e[1]] = true; });
    this.inc[centre.index].forEach(function (e) { keep[e[0]] = true; });
    this.only = keep;
    this.selected = centre.index;
  };

  Explorer.prototype.applyFilters = function () {
    var f = this.filters;
    var self = this;
    this.visible = this.nodes.map(function (n) {
      if (self.only && !self.only[n.index]) return false;
      if (!f.kinds[n.kind]) return false;
      if (f.era && n.era !== f.era) return false;
      if (f.tag && n.tags.indexOf(f.tag) < 0) return false;
      return true;
    });
    var count = this.visible.filter(Boolean).length;
    this.container.dataset.visibleNodes = String(count);
    if (this.status) this.status.textContent = count + " of " + this.nodes.length + " records";
  };

  Explorer.prototype.fit = function () {
    var xs = [], ys = [];
    var self = this;
    this.nodes.forEach(function (n) {
      if (self.visible[n.index]) { xs.push(n.x); ys.push(n.y); }
    });
    if (!xs.length) return;
    var minX = Math.min.apply(null, xs), maxX = Math.max.apply(null, xs);
    var minY = Math.min.apply(null, ys), maxY = Math.max.apply(null, ys);
    var pad = 40;
    var scale = Math.min((this.width - 2 * pad) / Math.max(maxX - minX, 1),
                         (this.height - 2 * pad) / Math.max(maxY - minY, 1));
    this.scale = Math.max(0.02, Math.min(scale, 2.5));
    this.tx = this.width / 2 - ((minX + maxX) / 2) * this.scale;
    this.ty = this.height / 2 - ((minY + maxY) / 2) * this.scale;
  };

  Explorer.prototype.toScreen = function (n) {
    return [n.x * this.scale + this.tx, n.y * this.scale + this.ty];
  };

  // Ancestors and descendants along lineage relations, for highlighting.
  Explorer.prototype.lineageOf = function (index) {
    var self = this;
    var seen = {};
    seen[index] = true;
    function walk(start, edgesOf, next) {
      var stack = [start];
      while (stack.length) {
        var i = stack.pop();
        edgesOf[i].forEach(function (e) {
          if (!self.lineageTypes[e[2]]) return;
          var j = e[next];
          if (!seen[j]) { seen[j] = true; stack.push(j); }
        });
      }
    }
    walk(index, this.out, 1);
    walk(index, this.inc, 0);
    return seen;
  };

  Explorer.prototype.draw = function () {
    var ctx = this.canvas.getContext("2d");
    var self = this;
    var fg = themeColour("--md-default-fg-color", "#333");
    var muted = themeColour("--md-default-fg-color--lighter", "rgba(0,0,0,0.32)");
    // The theme's own text colour, read at every draw: labels follow the light or dark palette.
    this.container.dataset.labelColour = fg;
    ctx.setTransform(this.ratio, 0, 0, this.ratio, 0, 0);
    ctx.clearRect(0, 0, this.width, this.height);
    var focus = this.hover !== null ? this.hover : this.selected;
    var lit = focus !== null ? this.lineageOf(focus) : null;
    // Era bands behind everything, in the full explorer.
    if (!this.options.record) {
      this.data.eras.forEach(function (era, i) {
        var x0 = era.x0 * self.scale + self.tx, x1 = era.x1 * self.scale + self.tx;
        ctx.fillStyle = i % 2 ? "rgba(127,127,127,0.07)" : "rgba(127,127,127,0.14)";
        ctx.fillRect(x0, 0, x1 - x0, self.height);
        ctx.fillStyle = muted;
        ctx.font = "12px sans-serif";
        ctx.fillText(era.name, x0 + 6, 16);
      });
    }
    ctx.lineWidth = 1;
    this.data.edges.forEach(function (e) {
      if (!self.visible[e[0]] || !self.visible[e[1]] || !self.filters.types[e[2]]) return;
      var a = self.toScreen(self.nodes[e[0]]), b = self.toScreen(self.nodes[e[1]]);
      var on = lit && lit[e[0]] && lit[e[1]] && self.lineageTypes[e[2]];
      ctx.strokeStyle = on ? fg : (lit ? "rgba(127,127,127,0.12)" : "rgba(127,127,127,0.45)");
      ctx.beginPath(); ctx.moveTo(a[0], a[1]); ctx.lineTo(b[0], b[1]); ctx.stroke();
    });
    // One path per kind: fast enough for thousands of nodes.
    this.data.kinds.forEach(function (kind) {
      ctx.beginPath();
      self.nodes.forEach(function (n) {
        if (n.kind !== kind || !self.visible[n.index]) return;
        var p = self.toScreen(n);
        if (p[0] < -RADIUS || p[1] < -RADIUS || p[0] > self.width + RADIUS ||
            p[1] > self.height + RADIUS) return;
        ctx.moveTo(p[0] + RADIUS, p[1]);
        ctx.arc(p[0], p[1], RADIUS, 0, 2 * Math.PI);
      });
      ctx.globalAlpha = lit ? 0.35 : 1;
      ctx.fillStyle = KIND_COLOURS[kind] || "#888";
      ctx.fill();
      ctx.globalAlpha = 1;
    });
    var labelAll = this.scale > 0.9 || this.options.record;
    ctx.font = "12px sans-serif";
    this.nodes.forEach(function (n) {
      if (!self.visible[n.index]) return;
      var on = lit && lit[n.index];
      if (!on && !labelAll) return;
      var p = self.toScreen(n);
      if (p[0] < 0 || p[1] < 0 || p[0] > self.width || p[1] > self.height) return;
      if (on) {
        ctx.beginPath(); ctx.arc(p[0], p[1], RADIUS + 2, 0, 2 * Math.PI);
        ctx.strokeStyle = fg; ctx.lineWidth = n.index === focus ? 3 : 1.5; ctx.stroke();
        ctx.fillStyle = KIND_COLOURS[n.kind]; ctx.fill();
      }
      ctx.fillStyle = fg;
      ctx.fillText(n.name, p[0] + RADIUS + 3, p[1] + 4);
    });
  };

  Explorer.prototype.nodeAt = function (x, y) {
    var best = null, bestD = (RADIUS + 3) * (RADIUS + 3);
    var self = this;
    this.nodes.forEach(function (n) {
      if (!self.visible[n.index]) return;
      var p = self.toScreen(n);
      var d = (p[0] - x) * (p[0] - x) + (p[1] - y) * (p[1] - y);
      if (d <= bestD) { bestD = d; best = n.index; }
    });
    return best;
  };

  Explorer.prototype.bindPointer = function () {
    var self = this;
    var canvas = this.canvas;
    var drag = null;
    function local(ev) {
      var r = canvas.getBoundingClientRect();
      return [ev.clientX - r.left, ev.clientY - r.top];
    }
    canvas.addEventListener("wheel", function (ev) {
      ev.preventDefault();
      var p = local(ev);
      var factor = Math.exp(-ev.deltaY * 0.0015);
      var scale = Math.max(0.02, Math.min(self.scale * factor, 12));
      self.tx = p[0] - (p[0] - self.tx) * (scale / self.scale);
      self.ty = p[1] - (p[1] - self.ty) * (scale / self.scale);
      self.scale = scale;
      self.draw();
    }, { passive: false });
    canvas.addEventListener("mousedown", function (ev) {
      var p = local(ev);
      drag = { x: p[0], y: p[1], tx: self.tx, ty: self.ty, moved: false };
    });
    window.addEventListener("mouseup", function () { setTimeout(function () { drag = null; }, 0); });
    canvas.addEventListener("mousemove", function (ev) {
      var p = local(ev);
      if (drag && (ev.buttons & 1)) {
        var dx = p[0] - drag.x, dy = p[1] - drag.y;
        if (Math.abs(dx) + Math.abs(dy) > 3) drag.moved = true;
        self.tx = drag.tx + dx; self.ty = drag.ty + dy;
        self.draw();
        return;
      }
      var hit = self.nodeAt(p[0], p[1]);
      if (hit !== self.hover) {
        self.hover = hit;
        self.draw();
      }
      self.showTooltip(hit, p);
    });
    canvas.addEventListener("mouseleave", function () {
      self.hover = null; self.showTooltip(null); self.draw();
    });
    canvas.addEventListener("click", function (ev) {
      if (drag && drag.moved) return;
      var p = local(ev);
      var hit = self.nodeAt(p[0], p[1]);
      if (hit !== null) window.location.href = siteRoot + self.nodes[hit].url;
    });
  };

  Explorer.prototype.showTooltip = function (index, p) {
    var tip = this.tooltip;
    if (index === null || index === undefined) { tip.hidden = true; return; }
    var n = this.nodes[index];
    tip.textContent = "";
    tip.appendChild(el("strong", {}, n.name + (n.zh ? " · " + n.zh : "")));
    tip.appendChild(el("div", { class: "atlas-tooltip-meta" },
                       n.kind + (n.year && n.kind !== "term" ? ", " + n.year : "")));
    tip.appendChild(el("div", {}, n.summary));
    tip.hidden = false;
    tip.style.left = Math.min(p[0] + 14, this.width - 260) + "px";
    tip.style.top = (p[1] + 14) + "px";
  };

  Explorer.prototype.find = function (query) {
    var q = (query || "").split(" · ")[0].trim().toLowerCase();
    if (!q) return;
    var hit = null;
    this.nodes.forEach(function (n) {
      if (hit) return;
      if (n.name.toLowerCase() === q || n.zh === query.trim() || n.id === q) hit = n;
    });
    if (!hit) {
      this.nodes.forEach(function (n) {
        if (!hit && (n.name.toLowerCase().indexOf(q) >= 0 || (n.zh && n.zh.indexOf(q) >= 0))) {
          hit = n;
        }
      });
    }
    if (!hit) { if (this.status) this.status.textContent = "No record matches “" + query + "”"; return; }
    this.filters.kinds[hit.kind] = true;
    this.applyFilters();
    this.selected = hit.index;
    this.scale = Math.max(this.scale, 1.2);
    var p = [hit.x * this.scale, hit.y * this.scale];
    this.tx = this.width / 2 - p[0]; this.ty = this.height / 2 - p[1];
    this.container.dataset.selected = hit.id;
    this.draw();
  };

  function start() {
    var full = document.getElementById("atlas-explorer");
    var boxes = [].slice.call(document.querySelectorAll(".atlas-neighbourhood[data-record]"));
    if (!full && !boxes.length) return;
    var t0 = performance.now();
    var param = new URLSearchParams(window.location.search).get("data");
    // Only same-site data files may be loaded (tests and the benchmark use synthetic graphs).
    var custom = param && /^[\w\-./]+\.json$/.test(param) && param.indexOf("..") < 0 ?
      siteRoot + param : null;
    loadData(custom).then(function (data) {
      var loadMs = performance.now() - t0;
      if (full) window.atlasExplorer = new Explorer(full, data, { loadMs: loadMs });
      boxes.forEach(function (box) {
        new Explorer(box, data, { record: box.dataset.record });
      });
    });
  }

  if (window.document$) window.document$.subscribe(start); else start();
})();
