// Lineage explorer: draws the build-time layout of api/explorer.json (its format is documented in
// src/infra_atlas/explorer.py) on a canvas. The browser only draws: positions, lanes and the time
// axis come from the build. Every word it shows comes from the page (data-ui on
// #atlas-explorer, rendered from strings.yaml in the page's language) or from the data file's
// names per language. Text from records is only ever set with textContent, never as HTML.
//
// The view never steals the page's scroll: the wheel zooms only with Ctrl (or Cmd) held or once
// the reader has clicked into the view; on a touch screen one finger scrolls the page until the
// reader taps the view (a pinch zooms it at once). The view's state (selection, filters,
// time, zoom and centre) is kept in the address (#sel=…&kinds=…&t=2021-06&z=…&x=…&y=…).
(function () {
  "use strict";

  var HEAD = 36;          // the strip at the top for era names and the year axis
  var FONT_PX = 12;
  var LABEL_H = 15;       // a label's box: its text's height plus a little air
  var MIN_ZOOM = 0.5, MAX_ZOOM = 60;

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (m, key) {
      return values[key] !== undefined ? values[key] : m;
    });
  }

  // The form names are compared in: width, case, spaces, hyphens and punctuation ignored
  // (as infra_atlas.validate.normalise; "+" and "#" are kept: ZeRO++ is not ZeRO).
  function fold(text) {
    return String(text || "").normalize("NFKC").toLowerCase().replace(/[^\p{L}\p{N}+#]+/gu, "");
  }

  function boxesOverlap(a, b) {
    return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
  }

  // A grid of boxes, for "does this label hit anything drawn already?" in about O(1).
  function Grid(size) { this.size = size; this.cells = new Map(); }
  Grid.prototype.keys = function (b, fn) {
    var s = this.size;
    for (var gx = Math.floor(b[0] / s); gx <= Math.floor(b[2] / s); gx++) {
      for (var gy = Math.floor(b[1] / s); gy <= Math.floor(b[3] / s); gy++) fn(gx * 100003 + gy);
    }
  };
  Grid.prototype.add = function (b) {
    var cells = this.cells;
    this.keys(b, function (k) {
      var list = cells.get(k);
      if (list) list.push(b); else cells.set(k, [b]);
    });
  };
  Grid.prototype.hits = function (b) {
    var cells = this.cells, hit = false;
    this.keys(b, function (k) {
      if (hit) return;
      var list = cells.get(k);
      if (!list) return;
      for (var i = 0; i < list.length; i++) {
        if (boxesOverlap(b, list[i])) { hit = true; return; }
      }
    });
    return hit;
  };

  function Explorer(container, data, ui, t0) {
    var self = this;
    this.container = container;
    this.data = data;
    this.ui = ui;
    this.lang = ui.lang || "en";
    this.nodes = data.nodes;
    this.byId = {};
    this.nodes.forEach(function (n, i) {
      n.index = i;
      self.byId[n.id] = n;
      n.label = (self.lang !== "en" && n.zh) ? n.zh : n.name;
    });
    this.out = this.nodes.map(function () { return []; });
    this.inc = this.nodes.map(function () { return []; });
    data.edges.forEach(function (e) { self.out[e[0]].push(e); self.inc[e[1]].push(e); });
    this.lineageTypes = {};
    data.lineage.forEach(function (t) { self.lineageTypes[data.types.indexOf(t)] = true; });
    // The most connected records are labelled first.
    this.byWeight = this.nodes.map(function (n) { return n.index; });
    this.byWeight.sort(function (a, b) {
      return (self.nodes[b].w - self.nodes[a].w) || (a - b);
    });
    var months = this.nodes.map(function (n) { return n.t; }).filter(function (t) {
      return t !== null && t !== undefined;
    });
    this.firstMonth = data.axis.start * 12;
    this.lastMonth = months.length ? Math.max.apply(null, months) : this.firstMonth;
    this.widths = new Map();
    this.defaults = this.defaultState();
    this.state = this.defaultState();
    this.view = { k: 1, cx: 0, cy: 0 };
    this.hover = null;
    this.engaged = false;
    this.build();
    this.restore(window.location.hash, true);
    this.draw();
    // From the request for the data to the first picture: what a reader waits for.
    this.firstRenderMs = performance.now() - t0;
    container.dataset.firstRenderMs = this.firstRenderMs.toFixed(1);
    container.dataset.ready = "true";
  }

  // ---- State: what the address keeps -------------------------------------------------------

  Explorer.prototype.defaultState = function () {
    var data = this.data;
    var kinds = {}, types = {};
    data.kinds.forEach(function (k) { kinds[k] = data.hidden.indexOf(k) < 0; });
    // Lineage only at first: the other relations (a system implements forty techniques) would
    // hide the lines of descent; the reader turns them on.
    data.types.forEach(function (t) { types[t] = data.lineage.indexOf(t) >= 0; });
    return { kinds: kinds, types: types, era: "", tag: "", t: null, sel: null };
  };

  function monthText(m) { return Math.floor(m / 12) + "-" + ("0" + (m % 12 + 1)).slice(-2); }

  function parseMonth(text) {
    var m = /^(\d{4})-(\d{2})$/.exec(text || "");
    return m ? +m[1] * 12 + (+m[2] - 1) : null;
  }

  Explorer.prototype.hashOf = function () {
    var s = this.state, d = this.defaults, parts = [];
    function list(map) {
      return Object.keys(map).filter(function (k) { return map[k]; }).join(",");
    }
    if (s.sel !== null) parts.push("sel=" + encodeURIComponent(this.nodes[s.sel].id));
    if (list(s.kinds) !== list(d.kinds)) parts.push("kinds=" + (list(s.kinds) || "none"));
    if (list(s.types) !== list(d.types)) parts.push("types=" + (list(s.types) || "none"));
    if (s.era) parts.push("era=" + encodeURIComponent(s.era));
    if (s.tag) parts.push("tag=" + encodeURIComponent(s.tag));
    if (s.t !== null) parts.push("t=" + monthText(s.t));
    if (this.moved) {
      parts.push("z=" + this.view.k.toFixed(2), "x=" + Math.round(this.view.cx),
                 "y=" + Math.round(this.view.cy));
    }
    return parts.join("&");
  };

  Explorer.prototype.save = function () {
    var self = this;
    clearTimeout(this.saveTimer);
    this.container.dataset.saving = "true";
    this.saveTimer = setTimeout(function () {
      delete self.container.dataset.saving;
      var hash = self.hashOf();
      var url = window.location.pathname + window.location.search + (hash ? "#" + hash : "");
      if (url !== window.location.pathname + window.location.search + window.location.hash) {
        history.replaceState(history.state, "", url);
      }
      self.container.dataset.state = hash;
    }, 120);
  };

  // Apply the state in an address; `first` when the page has just loaded.
  var KEYS = ["sel", "kinds", "types", "era", "tag", "t", "z", "x", "y"];

  function parseHash(hash) {
    var params = {};
    (hash || "").replace(/^#/, "").split("&").forEach(function (pair) {
      var i = pair.indexOf("=");
      if (i > 0 && KEYS.indexOf(pair.slice(0, i)) >= 0) {
        try { params[pair.slice(0, i)] = decodeURIComponent(pair.slice(i + 1)); } catch (e) { /* */ }
      }
    });
    return params;
  }

  // An address of the explorer's own (#sel=…), not an anchor on the page (#lineage-explorer).
  function isState(hash) {
    return Object.keys(parseHash(hash)).length > 0 || !(hash || "").replace(/^#/, "");
  }

  Explorer.prototype.restore = function (hash, first) {
    var self = this;
    var params = parseHash(hash);
    var s = this.defaultState();
    function set(map, value) {
      if (value === undefined) return;
      var on = value.split(",");
      Object.keys(map).forEach(function (k) { map[k] = on.indexOf(k) >= 0; });
    }
    set(s.kinds, params.kinds);
    set(s.types, params.types);
    if (params.era && this.data.eras.some(function (e) { return e.id === params.era; })) {
      s.era = params.era;
    }
    if (params.tag) s.tag = params.tag;
    var t = parseMonth(params.t);
    if (t !== null) s.t = Math.max(this.firstMonth, Math.min(t, this.lastMonth));
    if (params.sel && this.byId[params.sel]) s.sel = this.byId[params.sel].index;
    this.state = s;
    this.syncControls();
    this.applyFilters();
    this.fit();
    var z = parseFloat(params.z), x = parseFloat(params.x), y = parseFloat(params.y);
    this.moved = isFinite(z) && isFinite(x) && isFinite(y);
    if (this.moved) this.view = { k: clampZoom(z), cx: x, cy: y };
    this.showCard();
    if (!first) this.draw();
    this.container.dataset.state = this.hashOf();
    if (s.sel !== null) this.container.dataset.selected = this.nodes[s.sel].id;
    else delete this.container.dataset.selected;
    if (first && Object.keys(params).length) self.save();
  };

  function clampZoom(k) { return Math.max(MIN_ZOOM, Math.min(k, MAX_ZOOM)); }

  // ---- Controls ----------------------------------------------------------------------------

  Explorer.prototype.kindName = function (kind, many) {
    var names = this.data.kindInfo[kind].names;
    return (names[this.lang] || names.en)[many ? 1 : 0];
  };

  Explorer.prototype.typeName = function (i) {
    var names = this.data.typeNames;
    return (names[this.lang] || names.en)[i];
  };

  Explorer.prototype.eraName = function (era) {
    return this.lang !== "en" && era.zh ? era.zh : era.name;
  };

  Explorer.prototype.build = function () {
    var self = this, ui = this.ui, data = this.data;
    var box = this.container;
    box.textContent = "";
    var controls = el("div", { class: "atlas-controls" });

    // Search: a combobox whose suggestions name the kind when names collide.
    var find = el("div", { class: "atlas-find" });
    this.search = el("input", {
      type: "search", placeholder: ui.search_placeholder, "aria-label": ui.search,
      role: "combobox", "aria-autocomplete": "list", "aria-expanded": "false",
      "aria-controls": "atlas-explorer-suggestions", autocomplete: "off", spellcheck: "false",
    });
    this.suggestions = el("ul", { id: "atlas-explorer-suggestions", role: "listbox",
                                  class: "atlas-suggestions", hidden: "" });
    find.appendChild(this.search);
    find.appendChild(this.suggestions);
    controls.appendChild(find);
    this.bindSearch();

    // Kinds: the legend of the colours, and a filter.
    var kinds = el("fieldset", { class: "atlas-kinds" });
    kinds.appendChild(el("legend", {}, ui.kinds));
    this.kindBoxes = {};
    data.kinds.forEach(function (k) {
      var label = el("label");
      var input = el("input", { type: "checkbox", value: k });
      input.addEventListener("change", function () {
        self.state.kinds[k] = input.checked;
        self.changed(true);
      });
      var swatch = el("span", { class: "atlas-swatch" });
      swatch.style.background = data.kindInfo[k].colour;
      label.appendChild(input);
      label.appendChild(swatch);
      label.appendChild(document.createTextNode(self.kindName(k, true)));
      kinds.appendChild(label);
      self.kindBoxes[k] = input;
    });
    controls.appendChild(kinds);

    // Relations, folded away: twelve checkboxes are a lot on a phone.
    var panelId = "atlas-explorer-types";
    this.typesButton = el("button", { type: "button", class: "atlas-types-toggle",
                                      "aria-expanded": "false", "aria-controls": panelId });
    var types = el("fieldset", { class: "atlas-types", id: panelId, hidden: "" });
    types.appendChild(el("legend", {}, ui.lines));
    this.typesButton.addEventListener("click", function () {
      var open = types.hidden;
      types.hidden = !open;
      self.typesButton.setAttribute("aria-expanded", open ? "true" : "false");
    });
    this.typeBoxes = {};
    data.types.forEach(function (t, i) {
      var label = el("label");
      var input = el("input", { type: "checkbox", value: t });
      input.addEventListener("change", function () {
        self.state.types[t] = input.checked;
        self.changed(false);
      });
      var sample = el("span", { class: "atlas-line" + (self.lineageTypes[i] ? "" : " atlas-line-other") });
      label.appendChild(input);
      label.appendChild(sample);
      label.appendChild(document.createTextNode(self.typeName(i)));
      types.appendChild(label);
      self.typeBoxes[t] = input;
    });
    controls.appendChild(this.typesButton);
    this.eraSelect = el("select", { "aria-label": ui.era, class: "atlas-era-filter" });
    this.eraSelect.appendChild(el("option", { value: "" }, ui.all_eras));
    data.eras.forEach(function (e) {
      self.eraSelect.appendChild(el("option", { value: e.id }, self.eraName(e)));
    });
    this.eraSelect.addEventListener("change", function () {
      self.state.era = self.eraSelect.value;
      self.changed(true);
    });
    var tags = {};
    this.nodes.forEach(function (n) { n.tags.forEach(function (t) { tags[t] = true; }); });
    this.tagSelect = el("select", { "aria-label": ui.tag, class: "atlas-tag-filter" });
    this.tagSelect.appendChild(el("option", { value: "" }, ui.all_tags));
    Object.keys(tags).sort().forEach(function (t) {
      self.tagSelect.appendChild(el("option", { value: t }, t));
    });
    this.tagSelect.addEventListener("change", function () {
      self.state.tag = self.tagSelect.value;
      self.changed(true);
    });
    controls.appendChild(this.eraSelect);
    controls.appendChild(this.tagSelect);

    // The time slider: the field as it stood at the end of a month.
    var time = el("label", { class: "atlas-time" });
    time.appendChild(el("span", {}, ui.as_of));
    this.slider = el("input", { type: "range", min: String(this.firstMonth),
                                max: String(this.lastMonth), step: "1",
                                "aria-label": ui.time });
    this.sliderText = el("output", { class: "atlas-time-value" });
    this.slider.addEventListener("input", function () {
      var m = +self.slider.value;
      self.state.t = m >= self.lastMonth ? null : m;
      self.changed(false);
    });
    time.appendChild(this.slider);
    time.appendChild(this.sliderText);
    controls.appendChild(time);
    controls.appendChild(types);

    this.status = el("p", { class: "atlas-status", "aria-live": "polite" });
    box.appendChild(controls);
    box.appendChild(this.status);

    // The stage: the canvas, its tooltip, the card of the selected record, zoom buttons.
    var stage = el("div", { class: "atlas-stage" });
    this.stage = stage;
    this.canvas = el("canvas", { class: "atlas-canvas", tabindex: "0", role: "application",
                                 "aria-label": ui.canvas, "aria-describedby": "atlas-explorer-live" });
    this.live = el("p", { id: "atlas-explorer-live", class: "atlas-live", "aria-live": "polite" });
    this.tooltip = el("div", { class: "atlas-tooltip", hidden: "" });
    this.card = el("div", { class: "atlas-card", hidden: "" });
    this.hint = el("div", { class: "atlas-hint", hidden: "", "aria-hidden": "true" });
    var zoom = el("div", { class: "atlas-zoom" });
    this.zoomBox = zoom;
    [["+", ui.zoom_in, function () { self.zoomBy(1.6); }],
     ["−", ui.zoom_out, function () { self.zoomBy(1 / 1.6); }],
     ["⤢", ui.fit, function () { self.moved = false; self.fit(); self.draw(); self.save(); }]]
      .forEach(function (b) {
        var button = el("button", { type: "button", "aria-label": b[1], title: b[1] }, b[0]);
        button.addEventListener("click", b[2]);
        zoom.appendChild(button);
      });
    stage.appendChild(this.canvas);
    stage.appendChild(this.tooltip);
    stage.appendChild(this.card);
    stage.appendChild(this.hint);
    stage.appendChild(zoom);
    box.appendChild(stage);
    box.appendChild(this.live);
    this.resize();
    var width = this.width;
    window.addEventListener("resize", function () {
      self.resize();
      if (!self.moved || Math.abs(self.width - width) > 1) self.fitKeep();
      width = self.width;
      self.draw();
    });
    window.addEventListener("hashchange", function () {
      var hash = window.location.hash;
      if (isState(hash) && hash.slice(1) !== self.hashOf()) self.restore(hash);
    });
    // Colours are read at every draw; redraw when the reader switches the palette.
    new MutationObserver(function () { self.draw(); })
      .observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
    this.bindPointer();
    this.bindKeys();
  };

  // The controls show the state (after a restore from the address).
  Explorer.prototype.syncControls = function () {
    var s = this.state, self = this;
    Object.keys(this.kindBoxes).forEach(function (k) { self.kindBoxes[k].checked = s.kinds[k]; });
    Object.keys(this.typeBoxes).forEach(function (t) { self.typeBoxes[t].checked = s.types[t]; });
    this.eraSelect.value = s.era;
    this.tagSelect.value = s.tag;
    this.slider.value = String(s.t === null ? this.lastMonth : s.t);
    this.search.value = s.sel !== null ? this.nodes[s.sel].label : "";
  };

  Explorer.prototype.changed = function (refit) {
    this.applyFilters();
    if (refit) { this.moved = false; this.fit(); }
    this.draw();
    this.save();
  };

  Explorer.prototype.resize = function () {
    var ratio = window.devicePixelRatio || 1;
    var width = this.stage.clientWidth || 600;
    var height = Math.round(Math.min(Math.max(420, window.innerHeight * 0.68), 760));
    this.canvas.width = Math.round(width * ratio);
    this.canvas.height = Math.round(height * ratio);
    this.canvas.style.width = width + "px";
    this.canvas.style.height = height + "px";
    this.ratio = ratio; this.width = width; this.height = height;
  };

  // ---- Filters -----------------------------------------------------------------------------

  Explorer.prototype.dateText = function (date) {
    if (!date) return "";
    var parts = String(date).split("-").map(Number);
    if (this.lang === "zh") {
      return parts.map(function (p, i) { return p + ["年", "月", "日"][i]; }).join("");
    }
    var months = this.ui.months;
    if (parts.length === 1) return String(parts[0]);
    if (parts.length === 2) return months[parts[1] - 1] + " " + parts[0];
    return parts[2] + " " + months[parts[1] - 1] + " " + parts[0];
  };

  Explorer.prototype.applyFilters = function () {
    var s = this.state, self = this;
    var typeOn = {};
    this.data.types.forEach(function (t, i) { typeOn[i] = s.types[t]; });
    this.typeOn = typeOn;
    this.visible = this.nodes.map(function (n) {
      if (!s.kinds[n.kind]) return false;
      if (s.era && n.era !== s.era) return false;
      if (s.tag && n.tags.indexOf(s.tag) < 0) return false;
      if (s.t !== null && n.t !== null && n.t > s.t) return false;
      return true;
    });
    // An undated record (a term) belongs to a date through what it relates to: it is there once
    // something it relates to is, and once the date passes where it is drawn (the mean date of
    // what it relates to), so that nothing shows to the right of the slider's line.
    if (s.t !== null) {
      var now = this.xOfMonth(s.t + 1);
      this.nodes.forEach(function (n) {
        if (n.t !== null || !self.visible[n.index]) return;
        if (n.x > now) { self.visible[n.index] = false; return; }
        var near = self.out[n.index].some(function (e) {
          return self.nodes[e[1]].t !== null && self.visible[e[1]];
        }) || self.inc[n.index].some(function (e) {
          return self.nodes[e[0]].t !== null && self.visible[e[0]];
        });
        self.visible[n.index] = near;
      });
    }
    var count = this.visible.filter(Boolean).length;
    this.container.dataset.visibleNodes = String(count);
    var visible = this.visible;
    this.container.dataset.visibleEdges = String(this.data.edges.filter(function (e) {
      return visible[e[0]] && visible[e[1]] && typeOn[e[2]];
    }).length);
    var shown = { shown: count, total: this.nodes.length };
    if (s.t !== null) {
      shown.date = this.dateText(monthText(s.t));
      this.status.textContent = format(this.ui.shown_as_of, shown);
    } else {
      this.status.textContent = format(this.ui.shown, shown);
    }
    this.sliderText.textContent = s.t === null ? this.ui.today : this.dateText(monthText(s.t));
    var on = this.data.types.filter(function (t) { return s.types[t]; }).length;
    this.typesButton.textContent = format(this.ui.relations_shown,
                                           { shown: on, total: this.data.types.length });
  };

  // ---- The view: x and y scale separately, so the records fill the canvas both ways ------

  Explorer.prototype.fit = function () {
    var s = this.state, self = this;
    var minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
    this.nodes.forEach(function (n) {
      // The time slider does not move the view: the field grows in place.
      if (!s.kinds[n.kind] || (s.era && n.era !== s.era) ||
          (s.tag && n.tags.indexOf(s.tag) < 0)) return;
      if (n.x < minX) minX = n.x;
      if (n.x > maxX) maxX = n.x;
      if (n.y < minY) minY = n.y;
      if (n.y > maxY) maxY = n.y;
    });
    if (minX === Infinity) { minX = 0; maxX = 1; minY = 0; maxY = 1; }
    // Room at the right for the labels of the latest records, at the top for a lane's name.
    var narrow = this.width < 600;
    var padL = narrow ? 14 : 28, padR = narrow ? 30 : 110, padT = 26, padB = 16;
    var spanX = Math.max(maxX - minX, this.data.axis.yearWidth);
    var spanY = Math.max(maxY - minY, 60);
    this.bx = (this.width - padL - padR) / spanX;
    this.by = (this.height - HEAD - padT - padB) / spanY;
    this.fitBox = [minX, maxX, minY, maxY];
    var midX = (minX + maxX) / 2, midY = (minY + maxY) / 2;
    this.view = {
      k: 1,
      cx: midX + (padR - padL) / 2 / this.bx,
      cy: midY + (padB - padT) / 2 / this.by,
    };
  };

  // What the fit depends on besides the canvas: kinds, era and tag (not the time slider).
  Explorer.prototype.fitKey = function () {
    var s = this.state;
    return JSON.stringify([s.kinds, s.era, s.tag]);
  };

  // After a resize: the same base scales for the new size, the same region in the middle.
  Explorer.prototype.fitKeep = function () {
    var view = this.view, moved = this.moved;
    this.fit();
    if (moved) { this.view = view; this.moved = true; }
  };

  Explorer.prototype.sx = function (x) {
    return (x - this.view.cx) * this.bx * this.view.k + this.width / 2;
  };
  Explorer.prototype.sy = function (y) {
    return (y - this.view.cy) * this.by * this.view.k + (this.height + HEAD) / 2;
  };
  Explorer.prototype.toScreen = function (n) { return [this.sx(n.x), this.sy(n.y)]; };

  Explorer.prototype.zoomAt = function (px, py, factor) {
    var v = this.view;
    var k = clampZoom(v.k * factor);
    var lx = (px - this.width / 2) / (this.bx * v.k) + v.cx;
    var ly = (py - (this.height + HEAD) / 2) / (this.by * v.k) + v.cy;
    v.cx = lx - (px - this.width / 2) / (this.bx * k);
    v.cy = ly - (py - (this.height + HEAD) / 2) / (this.by * k);
    v.k = k;
    this.moved = true;
  };

  Explorer.prototype.zoomBy = function (factor) {
    this.zoomAt(this.width / 2, (this.height + HEAD) / 2, factor);
    this.draw();
    this.save();
  };

  Explorer.prototype.panBy = function (dx, dy) {
    this.view.cx -= dx / (this.bx * this.view.k);
    this.view.cy -= dy / (this.by * this.view.k);
    this.moved = true;
  };

  // Bring a record into the middle, zoomed in at least to `k`.
  Explorer.prototype.centreOn = function (n, k) {
    this.view.k = clampZoom(Math.max(this.view.k, k || 1));
    this.view.cx = n.x;
    this.view.cy = n.y;
    this.moved = true;
  };

  // ---- Drawing -----------------------------------------------------------------------------

  Explorer.prototype.colours = function () {
    var style = getComputedStyle(this.container);
    function v(name, fallback) { return style.getPropertyValue(name).trim() || fallback; }
    return {
      fg: v("--md-default-fg-color", "#222"),
      light: v("--md-default-fg-color--light", "rgba(0,0,0,.54)"),
      lighter: v("--md-default-fg-color--lighter", "rgba(0,0,0,.32)"),
      lightest: v("--md-default-fg-color--lightest", "rgba(0,0,0,.07)"),
      bg: v("--md-default-bg-color", "#fff"),
    };
  };

  // Ancestors and descendants along lineage relations, and direct neighbours of any type.
  Explorer.prototype.litOf = function (index) {
    var self = this, seen = {};
    seen[index] = true;
    function walk(edgesOf, next) {
      var stack = [index];
      while (stack.length) {
        var i = stack.pop();
        edgesOf[i].forEach(function (e) {
          if (!self.lineageTypes[e[2]] || !self.typeOn[e[2]]) return;
          var j = e[next];
          if (!seen[j] && self.visible[j]) { seen[j] = true; stack.push(j); }
        });
      }
    }
    walk(this.out, 1);
    walk(this.inc, 0);
    this.out[index].forEach(function (e) { if (self.typeOn[e[2]] && self.visible[e[1]]) seen[e[1]] = true; });
    this.inc[index].forEach(function (e) { if (self.typeOn[e[2]] && self.visible[e[0]]) seen[e[0]] = true; });
    return seen;
  };

  Explorer.prototype.textWidth = function (ctx, text) {
    var w = this.widths.get(text);
    if (w === undefined) { w = ctx.measureText(text).width; this.widths.set(text, w); }
    return w;
  };

  // One picture, in layers: bands and axis, the slider's line, lanes, relations, dots, labels.
  // Every text drawn is kept with its box (`f.boxes`): the labels of records are placed around
  // them, and the tests count overlaps among them.
  Explorer.prototype.draw = function () {
    var ctx = this.canvas.getContext("2d");
    var family = getComputedStyle(this.container).fontFamily || "sans-serif";
    var font = FONT_PX + "px " + family;
    if (font !== this.font) { this.font = font; this.widths = new Map(); }
    var c = this.colours();
    // The theme's own text colour, read at every draw: labels follow the palette.
    this.container.dataset.labelColour = c.fg;
    ctx.setTransform(this.ratio, 0, 0, this.ratio, 0, 0);
    ctx.clearRect(0, 0, this.width, this.height);
    ctx.font = font;
    ctx.textBaseline = "middle";
    ctx.lineJoin = "round";
    var focus = this.hover !== null ? this.hover : this.state.sel;
    if (focus !== null && !this.visible[focus]) focus = null;
    var f = {
      ctx: ctx, c: c, W: this.width, H: this.height, grid: new Grid(48), boxes: [],
      focus: focus, lit: focus !== null ? this.litOf(focus) : null, lanes: [],
    };
    this.drawBands(f);
    this.drawAxis(f);
    this.drawTime(f);
    this.drawLanes(f);
    this.place(f);
    this.drawRelations(f);
    this.drawDots(f);
    this.drawLabels(f);
    this.boxes = f.boxes;
    this.container.dataset.labelOverlaps = String(countOverlaps(f.boxes));
    this.container.dataset.zoom = this.view.k.toFixed(2);
  };

  // A text in the top strip, if it has room: era names, the axis's years and months.
  Explorer.prototype.headText = function (f, text, x, row, air) {
    var w = this.textWidth(f.ctx, text);
    var y = row ? HEAD - 2 - LABEL_H : 3;
    var b = [x, y, x + w, y + LABEL_H];
    if (b[0] < 0 || b[2] > f.W || f.grid.hits([b[0] - air, b[1], b[2] + air, b[3]])) return false;
    f.ctx.fillStyle = f.c.light;
    f.ctx.fillText(text, x, y + LABEL_H / 2);
    this.keep(f, b, text);
    return true;
  };

  Explorer.prototype.keep = function (f, box, text) {
    f.grid.add(box);
    f.boxes.push([box[0], box[1], box[2], box[3], text]);
  };

  // Era bands behind everything, each named at its left (or at the canvas's left edge).
  Explorer.prototype.drawBands = function (f) {
    var self = this, ctx = f.ctx;
    this.data.eras.forEach(function (era, i) {
      var x0 = self.sx(era.x0), x1 = self.sx(era.x1);
      if (x1 < 0 || x0 > f.W) return;
      ctx.fillStyle = i % 2 ? "rgba(127,127,127,0.05)" : "rgba(127,127,127,0.11)";
      ctx.fillRect(x0, 0, x1 - x0, f.H);
      var name = self.eraName(era), left = Math.max(x0, 0) + 6;
      if (left + self.textWidth(ctx, name) <= Math.min(x1, f.W) - 4) self.headText(f, name, left, 0, 0);
    });
  };

  // The time axis: years, or months when zoomed in; the strip of older records behind a
  // break, and the strip of terms that relate to nothing dated.
  Explorer.prototype.drawAxis = function (f) {
    var self = this, ctx = f.ctx, axis = this.data.axis;
    ctx.lineWidth = 1;
    if (axis.before) {
      var brk = (this.sx(axis.before[1]) + this.sx(axis.years[0])) / 2;
      ctx.strokeStyle = f.c.lighter;
      ctx.beginPath();
      for (var zy = HEAD; zy < f.H; zy += 12) {
        ctx.moveTo(brk - 3, zy); ctx.lineTo(brk + 3, zy + 6); ctx.lineTo(brk - 3, zy + 12);
      }
      ctx.stroke();
      var before = format(this.ui.before, { year: axis.start });
      var bx = Math.max(this.sx(axis.before[0]), 2);
      if (bx + this.textWidth(ctx, before) < brk - 4) this.headText(f, before, bx, 1, 6);
    }
    if (axis.undated && this.nodes.some(function (n, i) {
      return self.visible[i] && n.t === null && n.x >= axis.undated[0];
    })) {
      this.headText(f, this.ui.undated, this.sx(axis.undated[0]), 1, 6);
    }
    // The step suits a typical year (years differ in width); a tick whose label has no room
    // is left unlabelled.
    var widths = [];
    for (var i = 0; i + 1 < axis.years.length; i++) widths.push(axis.years[i + 1] - axis.years[i]);
    widths.sort(function (a, b) { return a - b; });
    var pxYear = widths[Math.floor(widths.length / 2)] * this.bx * this.view.k;
    var yearW = this.textWidth(ctx, "2025") + 14;
    var monthW = this.textWidth(ctx, this.monthLabel(8)) + 14;
    var step = [1, 2, 3, 6, 12, 24, 60].find(function (st) {
      return pxYear * st / 12 >= (st < 12 ? monthW : yearW);
    }) || 60;
    var first = axis.start * 12, last = (axis.end + 1) * 12;
    for (var m = first; m <= last; m += step) {
      var x = this.sx(this.xOfMonth(m));
      if (x < -60 || x > f.W + 60) continue;
      ctx.strokeStyle = m % 12 === 0 ? f.c.lightest : "rgba(127,127,127,0.08)";
      ctx.beginPath(); ctx.moveTo(x, HEAD); ctx.lineTo(x, f.H); ctx.stroke();
      if (m < last) this.headText(f, m % 12 === 0 ? String(m / 12) : this.monthLabel(m), x + 3, 1, 6);
    }
    ctx.strokeStyle = f.c.lighter;
    ctx.beginPath(); ctx.moveTo(0, HEAD + 0.5); ctx.lineTo(f.W, HEAD + 0.5); ctx.stroke();
    // Record labels stay out of the top strip, and from under the zoom buttons and the card.
    f.grid.add([0, 0, f.W, HEAD]);
    var stage = this.canvas.getBoundingClientRect();
    [this.zoomBox, this.card].forEach(function (node) {
      if (node.hidden) return;
      var b = node.getBoundingClientRect();
      if (b.width) {
        f.grid.add([b.left - stage.left - 4, b.top - stage.top - 4,
                    b.right - stage.left + 4, b.bottom - stage.top + 4]);
      }
    });
  };

  // The time slider's date: a line, and what lies after it greyed (it is not there yet).
  Explorer.prototype.drawTime = function (f) {
    if (this.state.t === null) return;
    var x = this.sx(this.xOfMonth(this.state.t + 1)), ctx = f.ctx;
    if (x >= f.W) return;
    ctx.fillStyle = "rgba(127,127,127,0.10)";
    ctx.fillRect(Math.max(x, 0), HEAD, f.W - Math.max(x, 0), f.H - HEAD);
    ctx.strokeStyle = f.c.fg;
    ctx.lineWidth = 1.5;
    ctx.beginPath(); ctx.moveTo(x, HEAD); ctx.lineTo(x, f.H); ctx.stroke();
  };

  // A faint rule between lanes; each lane's name is drawn with the labels, above the lane.
  Explorer.prototype.drawLanes = function (f) {
    var self = this, ctx = f.ctx;
    this.data.lanes.forEach(function (lane, i) {
      if (!self.state.kinds[lane.kind]) return;
      var y0 = self.sy(lane.y0), y1 = self.sy(lane.y1);
      if (y1 < HEAD || y0 > f.H) return;
      if (i > 0) {
        var rule = self.sy(lane.y0 - 25);
        ctx.strokeStyle = f.c.lightest;
        ctx.lineWidth = 1;
        ctx.beginPath(); ctx.moveTo(0, rule); ctx.lineTo(f.W, rule); ctx.stroke();
      }
      f.lanes.push([self.kindName(lane.kind, true), Math.max(y0 - LABEL_H / 2 - 1, HEAD + LABEL_H / 2 + 2),
                    lane.kind]);
    });
  };

  // Where each visible record is on the screen (pos), which are on the canvas (on), and the
  // size of a dot: smaller when records crowd, never under 2.5 px.
  Explorer.prototype.place = function (f) {
    var self = this, n = this.nodes.length;
    var r = Math.max(2.5, Math.min(6, 20 * this.bx * this.view.k * 0.42));
    var pos = new Float64Array(n * 2), on = new Uint8Array(n);
    this.nodes.forEach(function (node, i) {
      if (!self.visible[i]) return;
      var x = self.sx(node.x), y = self.sy(node.y);
      pos[2 * i] = x; pos[2 * i + 1] = y;
      if (x >= -r && y >= HEAD - r && x <= f.W + r && y <= f.H + r) on[i] = 1;
    });
    this.radius = f.r = r;
    this.pos = f.pos = pos;
    this.on = f.on = on;
  };

  // Relations: lineage solid, the others dashed, those lit by the focus in the text colour.
  Explorer.prototype.drawRelations = function (f) {
    var self = this, ctx = f.ctx, pos = f.pos, lit = f.lit, W = f.W, H = f.H;
    var batches = [[], [], []];
    this.data.edges.forEach(function (e) {
      var a = e[0], b = e[1];
      if (!self.visible[a] || !self.visible[b] || !self.typeOn[e[2]]) return;
      var ax = pos[2 * a], ay = pos[2 * a + 1], bx = pos[2 * b], by = pos[2 * b + 1];
      if ((ax < 0 && bx < 0) || (ax > W && bx > W) || (ay < HEAD && by < HEAD) ||
          (ay > H && by > H)) return;
      var hot = lit && lit[a] && lit[b] &&
        (self.lineageTypes[e[2]] || a === f.focus || b === f.focus);
      batches[hot ? 2 : (self.lineageTypes[e[2]] ? 0 : 1)].push(ax, ay, bx, by);
    });
    ctx.save();
    ctx.beginPath(); ctx.rect(0, HEAD, W, H - HEAD); ctx.clip();
    [[0, f.c.lighter, lit ? 0.25 : 0.8, [], 1],
     [1, f.c.lighter, lit ? 0.15 : 0.5, [3, 3], 1],
     [2, f.c.fg, 0.9, [], 1.6]].forEach(function (style) {
      var list = batches[style[0]];
      if (!list.length) return;
      ctx.strokeStyle = style[1];
      ctx.globalAlpha = style[2];
      ctx.setLineDash(style[3]);
      ctx.lineWidth = style[4];
      ctx.beginPath();
      for (var i = 0; i < list.length; i += 4) curve(ctx, list, i);
      ctx.stroke();
    });
    ctx.restore();
  };

  // Dots: one path per kind, so thousands draw fast; lit ones ringed, the selection twice.
  Explorer.prototype.drawDots = function (f) {
    var self = this, ctx = f.ctx, pos = f.pos, on = f.on, r = f.r, lit = f.lit;
    var sel = this.state.sel;
    ctx.save();
    ctx.beginPath(); ctx.rect(0, HEAD, f.W, f.H - HEAD); ctx.clip();
    this.data.kinds.forEach(function (kind) {
      ctx.beginPath();
      var any = false;
      self.nodes.forEach(function (n, i) {
        if (!on[i] || n.kind !== kind) return;
        ctx.moveTo(pos[2 * i] + r, pos[2 * i + 1]);
        ctx.arc(pos[2 * i], pos[2 * i + 1], r, 0, 2 * Math.PI);
        any = true;
      });
      if (!any) return;
      ctx.globalAlpha = lit ? 0.3 : 1;
      ctx.fillStyle = self.data.kindInfo[kind].colour;
      ctx.fill();
    });
    ctx.globalAlpha = 1;
    Object.keys(lit || {}).forEach(function (key) {
      var i = +key;
      if (!on[i]) return;
      ctx.beginPath();
      ctx.arc(pos[2 * i], pos[2 * i + 1], i === f.focus ? r + 2 : r, 0, 2 * Math.PI);
      ctx.fillStyle = self.data.kindInfo[self.nodes[i].kind].colour;
      ctx.fill();
      ctx.strokeStyle = f.c.fg;
      ctx.lineWidth = i === f.focus ? 2.5 : 1;
      ctx.stroke();
    });
    if (sel !== null && on[sel] && sel !== f.focus) {
      ctx.beginPath();
      ctx.arc(pos[2 * sel], pos[2 * sel + 1], r + 3, 0, 2 * Math.PI);
      ctx.strokeStyle = f.c.fg; ctx.lineWidth = 2; ctx.stroke();
    }
    ctx.restore();
    // Dots are obstacles for labels: a name never hides a record.
    this.nodes.forEach(function (n, i) {
      if (on[i]) f.grid.add([pos[2 * i] - r, pos[2 * i + 1] - r, pos[2 * i] + r, pos[2 * i + 1] + r]);
    });
  };

  // Labels, greedily: the lanes' names first, then the focus and what it lights, then every
  // other record by how connected it is. A label goes right of its dot, else left, above or
  // below; where all four would touch a text, a dot or the top strip, it is left out.
  Explorer.prototype.drawLabels = function (f) {
    var self = this, ctx = f.ctx, pos = f.pos, on = f.on, r = f.r, lit = f.lit;
    var font = ctx.font;
    f.lanes.forEach(function (lane) {
      ctx.font = "bold " + font;
      var w = ctx.measureText(lane[0]).width;
      var b = [4, lane[1] - LABEL_H / 2, 14 + w, lane[1] + LABEL_H / 2];
      if (b[1] >= HEAD && b[3] <= f.H && !f.grid.hits(b)) {
        ctx.fillStyle = self.data.kindInfo[lane[2]].colour;
        ctx.beginPath(); ctx.arc(8, lane[1], 3.5, 0, 2 * Math.PI); ctx.fill();
        ctx.fillStyle = f.c.light;
        ctx.fillText(lane[0], 14, lane[1]);
        self.keep(f, b, lane[0]);
      }
      ctx.font = font;
    });
    var sel = this.state.sel, order = [], done = {};
    if (f.focus !== null) order.push(f.focus);
    if (sel !== null && sel !== f.focus && this.visible[sel]) order.push(sel);
    if (lit) this.byWeight.forEach(function (i) { if (lit[i]) order.push(i); });
    this.byWeight.forEach(function (i) { order.push(i); });
    var count = 0;
    order.forEach(function (i) {
      if (done[i] || !on[i]) return;
      done[i] = true;
      var n = self.nodes[i], x = pos[2 * i], y = pos[2 * i + 1];
      var w = self.textWidth(ctx, n.label), h = LABEL_H, gap = r + 3;
      var spots = [[x + gap, y - h / 2], [x - gap - w, y - h / 2],
                   [x - w / 2, y - r - 2 - h], [x - w / 2, y + r + 2]];
      for (var k = 0; k < spots.length; k++) {
        var b = [spots[k][0], spots[k][1], spots[k][0] + w, spots[k][1] + h];
        if (b[0] < 0 || b[2] > f.W || b[1] < HEAD || b[3] > f.H) continue;
        // A little air each side, so that two neighbours never read as one name.
        if (f.grid.hits([b[0] - 5, b[1], b[2] + 5, b[3]])) continue;
        ctx.strokeStyle = f.c.bg;
        ctx.lineWidth = 3;
        ctx.strokeText(n.label, b[0], b[1] + h / 2);
        ctx.fillStyle = !lit || lit[i] ? f.c.fg : f.c.light;
        ctx.fillText(n.label, b[0], b[1] + h / 2);
        self.keep(f, b, n.label);
        count++;
        return;
      }
    });
    this.container.dataset.labels = String(count);
  };

  // A relation as a gentle arc bowing upwards, so that relations along one lane do not run on
  // top of one another and of the dots between their ends.
  function curve(ctx, list, i) {
    var ax = list[i], ay = list[i + 1], bx = list[i + 2], by = list[i + 3];
    var dx = bx - ax, dy = by - ay, len = Math.sqrt(dx * dx + dy * dy) || 1;
    var nx = -dy / len, ny = dx / len;
    if (ny > 0 || (ny === 0 && nx < 0)) { nx = -nx; ny = -ny; }
    var bow = Math.min(len * 0.18, 60);
    ctx.moveTo(ax, ay);
    ctx.quadraticCurveTo((ax + bx) / 2 + nx * bow, (ay + by) / 2 + ny * bow, bx, by);
  }

  // Every pair of drawn texts that overlap, counted afresh from the boxes (not trusting the
  // placement above): the browser tests assert it is 0.
  function countOverlaps(boxes) {
    var sorted = boxes.slice().sort(function (a, b) { return a[0] - b[0]; });
    var count = 0;
    for (var i = 0; i < sorted.length; i++) {
      for (var j = i + 1; j < sorted.length && sorted[j][0] < sorted[i][2]; j++) {
        if (boxesOverlap(sorted[i], sorted[j])) count++;
      }
    }
    return count;
  }

  // x of the first day of month m (year * 12 + month - 1): years differ in width (see
  // explorer.py), time is linear within a year.
  Explorer.prototype.xOfMonth = function (m) {
    var years = this.data.axis.years, i = Math.floor(m / 12) - this.data.axis.start;
    if (i < 0) return years[0];
    if (i >= years.length - 1) return years[years.length - 1];
    return years[i] + (m % 12) / 12 * (years[i + 1] - years[i]);
  };

  Explorer.prototype.monthLabel = function (m) {
    var month = m % 12;
    if (this.lang === "zh") return (month + 1) + "月";
    return this.ui.months[month].slice(0, 3);
  };

  // For tests and tools: the boxes of the texts drawn, and the records on the canvas.
  Explorer.prototype.labelBoxes = function () {
    return this.boxes.map(function (b) { return b.slice(); });
  };
  Explorer.prototype.drawnNodes = function () {
    var out = [], self = this;
    this.nodes.forEach(function (n, i) {
      if (self.on[i]) out.push([n.id, self.pos[2 * i], self.pos[2 * i + 1]]);
    });
    return out;
  };

  // ---- Selection, tooltip and card ---------------------------------------------------------

  Explorer.prototype.nodeAt = function (x, y) {
    var best = null, r = Math.max(this.radius + 3, 8), bestD = r * r;
    for (var i = 0; i < this.nodes.length; i++) {
      if (!this.on[i]) continue;
      var dx = this.pos[2 * i] - x, dy = this.pos[2 * i + 1] - y, d = dx * dx + dy * dy;
      if (d <= bestD) { bestD = d; best = i; }
    }
    return best;
  };

  Explorer.prototype.describe = function (box, n, full) {
    var other = this.lang !== "en" ? n.name : n.zh;
    box.appendChild(el("strong", {}, n.label));
    if (other && other !== n.label) box.appendChild(el("span", { class: "atlas-other" }, " · " + other));
    var meta = this.kindName(n.kind) + (n.date ? ", " + this.dateText(n.date) : "");
    if (n.t === null) meta += " · " + this.ui.undated_placed;
    if (full) meta += " · " + format(this.ui.relations_count,
                                     { n: this.out[n.index].length + this.inc[n.index].length });
    box.appendChild(el("div", { class: "atlas-tooltip-meta" }, meta));
    var summary = this.lang !== "en" && n.summaryZh ? n.summaryZh : n.summary;
    box.appendChild(el("div", { class: "atlas-summary" }, summary));
  };

  Explorer.prototype.showTooltip = function (index, p) {
    var tip = this.tooltip;
    if (index === null || index === undefined || index === this.state.sel) {
      tip.hidden = true;
      return;
    }
    tip.textContent = "";
    this.describe(tip, this.nodes[index], false);
    tip.hidden = false;
    var w = tip.offsetWidth, h = tip.offsetHeight;
    var x = p[0] + 14 + w > this.width ? p[0] - 14 - w : p[0] + 14;
    var y = p[1] + 14 + h > this.height ? p[1] - 14 - h : p[1] + 14;
    tip.style.left = Math.max(0, x) + "px";
    tip.style.top = Math.max(0, y) + "px";
  };

  Explorer.prototype.pageOf = function (n) {
    // The explorer is at <edition>/explorer/; a record's url is relative to <edition>/.
    return new URL("../" + n.url, window.location.href).href;
  };

  Explorer.prototype.showCard = function () {
    var card = this.card, i = this.state.sel, self = this;
    card.textContent = "";
    if (i === null) { card.hidden = true; return; }
    var n = this.nodes[i];
    var close = el("button", { type: "button", class: "atlas-card-close", "aria-label": this.ui.close,
                               title: this.ui.close }, "×");
    close.addEventListener("click", function () { self.select(null); self.canvas.focus(); });
    card.appendChild(close);
    this.describe(card, n, true);
    var link = el("a", { href: this.pageOf(n), class: "atlas-card-open" }, this.ui.open + " →");
    card.appendChild(link);
    card.hidden = false;
  };

  Explorer.prototype.select = function (index, announce) {
    this.state.sel = index;
    this.showCard();
    this.tooltip.hidden = true;
    if (index === null) delete this.container.dataset.selected;
    else this.container.dataset.selected = this.nodes[index].id;
    if (announce !== false && index !== null) {
      var n = this.nodes[index];
      this.live.textContent = format(this.ui.selected, {
        name: n.label, kind: this.kindName(n.kind), date: this.dateText(n.date) || this.ui.undated,
      });
    }
    this.draw();
    this.save();
  };

  // Make a record visible whatever the filters say, select it and bring it into view.
  Explorer.prototype.reveal = function (index) {
    var n = this.nodes[index], s = this.state;
    var before = this.fitKey();
    s.sel = index;
    s.kinds[n.kind] = true;
    if (s.era && n.era !== s.era) s.era = "";
    if (s.tag && n.tags.indexOf(s.tag) < 0) s.tag = "";
    // The scales follow from the filters alone, so that an address gives the same view.
    if (this.fitKey() !== before) this.fit();
    if (s.t !== null && n.t !== null && n.t > s.t) s.t = null;
    this.syncControls();
    this.applyFilters();
    if (!this.visible[index]) {  // a term with nothing dated before the slider's date
      s.t = null;
      this.syncControls();
      this.applyFilters();
    }
    this.centreOn(n, 4);
    this.select(index);
  };

  // ---- Search ------------------------------------------------------------------------------

  // Records matching a query, best first: an exact name before a name that starts with it
  // before one that contains it; then by kind precedence (a technique before the paper of the
  // same name), then by how connected.
  Explorer.prototype.matches = function (query, limit) {
    var q = fold(query), self = this;
    if (!q) return [];
    if (!this.keys) {
      this.keys = this.nodes.map(function (n) {
        return [n.name, n.zh].concat(n.aka).filter(Boolean).map(fold);
      });
      var counts = {};
      this.nodes.forEach(function (n) { var f = fold(n.label); counts[f] = (counts[f] || 0) + 1; });
      this.collides = this.nodes.map(function (n) { return counts[fold(n.label)] > 1; });
    }
    var hits = [];
    this.keys.forEach(function (keys, i) {
      var best = 9;
      keys.forEach(function (k) {
        var rank = k === q ? 0 : (k.indexOf(q) === 0 ? 1 : (k.indexOf(q) > 0 ? 2 : 9));
        if (rank < best) best = rank;
      });
      if (best === 9 && fold(self.nodes[i].id) === q) best = 0;
      if (best < 9) hits.push([best, self.data.kindInfo[self.nodes[i].kind].precedence, -self.nodes[i].w, i]);
    });
    hits.sort(function (a, b) {
      return a[0] - b[0] || a[1] - b[1] || a[2] - b[2] ||
        self.nodes[a[3]].label.localeCompare(self.nodes[b[3]].label);
    });
    return hits.slice(0, limit || 8).map(function (h) { return h[3]; });
  };

  Explorer.prototype.bindSearch = function () {
    var self = this, input = this.search, list = this.suggestions;
    var current = [], active = -1;
    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }
    function mark() {
      [].forEach.call(list.children, function (li, i) {
        li.setAttribute("aria-selected", i === active ? "true" : "false");
      });
      if (active >= 0) input.setAttribute("aria-activedescendant", "atlas-suggestion-" + active);
    }
    function choose(i) {
      close();
      if (i === undefined) {
        if (input.value.trim()) {
          self.live.textContent = format(self.ui.no_match, { query: input.value.trim() });
          self.status.textContent = self.live.textContent;
        }
        return;
      }
      var n = self.nodes[i];
      input.value = n.label;
      self.reveal(i);
    }
    input.addEventListener("input", function () {
      current = self.matches(input.value);
      list.textContent = "";
      active = -1;
      current.forEach(function (i, k) {
        var n = self.nodes[i];
        var li = el("li", { role: "option", id: "atlas-suggestion-" + k, "data-id": n.id,
                            "aria-selected": "false" });
        var sw = el("span", { class: "atlas-swatch" });
        sw.style.background = self.data.kindInfo[n.kind].colour;
        li.appendChild(sw);
        var other = self.lang !== "en" ? n.name : n.zh;
        var text = self.collides[i] ? format(self.ui.qualified, { name: n.label, kind: self.kindName(n.kind) }) : n.label;
        li.appendChild(el("span", {}, text));
        if (other && other !== n.label) li.appendChild(el("span", { class: "atlas-other" }, " · " + other));
        li.addEventListener("mousedown", function (ev) { ev.preventDefault(); choose(i); });
        list.appendChild(li);
      });
      list.hidden = !current.length;
      input.setAttribute("aria-expanded", current.length ? "true" : "false");
    });
    input.addEventListener("keydown", function (ev) {
      if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
        if (!current.length) return;
        ev.preventDefault();
        active = (active + (ev.key === "ArrowDown" ? 1 : current.length - 1)) % current.length;
        mark();
      } else if (ev.key === "Enter") {
        ev.preventDefault();
        if (!current.length) current = self.matches(input.value);
        choose(current[active >= 0 ? active : 0]);
      } else if (ev.key === "Escape") {
        close();
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 100); });
  };

  // ---- Pointer, wheel and touch ------------------------------------------------------------

  Explorer.prototype.engage = function (on) {
    this.engaged = on;
    this.container.classList.toggle("atlas-engaged", on);
    this.container.dataset.engaged = on ? "true" : "false";
  };

  Explorer.prototype.flash = function (text) {
    var hint = this.hint;
    hint.textContent = text;
    hint.hidden = false;
    clearTimeout(this.hintTimer);
    this.hintTimer = setTimeout(function () { hint.hidden = true; }, 1600);
  };

  Explorer.prototype.bindPointer = function () {
    var self = this, canvas = this.canvas;
    var pointers = new Map(), gesture = null;
    function local(ev) {
      var r = canvas.getBoundingClientRect();
      return [ev.clientX - r.left, ev.clientY - r.top];
    }
    this.engage(false);
    canvas.addEventListener("wheel", function (ev) {
      if (!(ev.ctrlKey || ev.metaKey || self.engaged)) {
        self.flash(self.ui.wheel_hint);
        return;  // the page scrolls
      }
      ev.preventDefault();
      var p = local(ev);
      var dy = ev.deltaMode === 1 ? ev.deltaY * 16 : ev.deltaY;
      self.zoomAt(p[0], p[1], Math.exp(-dy * 0.002));
      self.draw();
      self.save();
    }, { passive: false });
    document.addEventListener("pointerdown", function (ev) {
      if (!self.stage.contains(ev.target)) self.engage(false);
    });
    function startGesture() {
      var pts = Array.from(pointers.values());
      if (pts.length === 1) {
        gesture = { kind: "pan", x: pts[0][0], y: pts[0][1], view: Object.assign({}, self.view),
                    moved: gesture ? true : false, wasMoved: self.moved };
      } else if (pts.length >= 2) {
        var a = pts[0], b = pts[1];
        gesture = { kind: "pinch", d: Math.hypot(a[0] - b[0], a[1] - b[1]) || 1,
                    mx: (a[0] + b[0]) / 2, my: (a[1] + b[1]) / 2,
                    view: Object.assign({}, self.view), moved: true, wasMoved: self.moved };
      }
    }
    function engageHere() {
      self.engage(true);
      if (document.activeElement !== canvas) canvas.focus({ preventScroll: true });
    }
    canvas.addEventListener("pointerdown", function (ev) {
      if (ev.button > 0) return;
      // A mouse engages the view by pressing in it. A finger only by a tap or a pinch: a finger
      // that scrolls the page over the view must not leave the view holding the next swipe.
      var touch = ev.pointerType === "touch";
      if (!touch) engageHere();
      pointers.set(ev.pointerId, local(ev));
      try { canvas.setPointerCapture(ev.pointerId); } catch (e) { /* synthetic events */ }
      startGesture();
      if (touch && pointers.size > 1) engageHere();
      gesture.touchFirst = touch && !self.engaged;
    });
    canvas.addEventListener("pointermove", function (ev) {
      var p = local(ev);
      if (!pointers.has(ev.pointerId)) {
        if (ev.pointerType === "mouse") {
          var hit = self.nodeAt(p[0], p[1]);
          canvas.style.cursor = hit !== null ? "pointer" : "";
          if (hit !== self.hover) { self.hover = hit; self.draw(); }
          self.showTooltip(hit, p);
        }
        return;
      }
      pointers.set(ev.pointerId, p);
      if (!gesture) return;
      self.view = Object.assign({}, gesture.view);
      if (gesture.kind === "pan") {
        var dx = p[0] - gesture.x, dy = p[1] - gesture.y;
        if (!gesture.moved && Math.abs(dx) + Math.abs(dy) < 5) return;
        gesture.moved = true;
        // Before a tap, vertical finger moves belong to the page (touch-action: pan-y).
        self.panBy(dx, gesture.touchFirst ? 0 : dy);
      } else {
        var pts = Array.from(pointers.values()), a = pts[0], b = pts[1];
        var d = Math.hypot(a[0] - b[0], a[1] - b[1]) || 1;
        var mx = (a[0] + b[0]) / 2, my = (a[1] + b[1]) / 2;
        self.zoomAt(gesture.mx, gesture.my, d / gesture.d);
        self.panBy(mx - gesture.mx, my - gesture.my);
      }
      self.hover = null;
      self.tooltip.hidden = true;
      self.draw();
    });
    function end(ev) {
      if (!pointers.has(ev.pointerId)) return;
      var p = local(ev);
      pointers.delete(ev.pointerId);
      var g = gesture;
      gesture = null;
      if (pointers.size) { gesture = { moved: true }; startGesture(); return; }
      if (!g) return;
      if (ev.type === "pointercancel") {
        if (g.view) { self.view = g.view; self.moved = g.wasMoved; self.draw(); }
        // The browser took the touch to scroll the page: say how to pan the view instead.
        if (g.touchFirst) self.flash(self.ui.touch_hint);
        return;
      }
      if (g.moved) { self.save(); return; }
      if (ev.pointerType === "touch") engageHere();
      var hit = self.nodeAt(p[0], p[1]);
      if (hit !== null && hit === self.state.sel) {
        window.location.href = self.pageOf(self.nodes[hit]);
      } else {
        self.select(hit);
      }
    }
    canvas.addEventListener("pointerup", end);
    canvas.addEventListener("pointercancel", end);
    canvas.addEventListener("pointerleave", function (ev) {
      if (ev.pointerType === "mouse" && !pointers.size) {
        self.hover = null;
        self.tooltip.hidden = true;
        self.draw();
      }
    });
    canvas.addEventListener("dblclick", function (ev) {
      var p = local(ev), hit = self.nodeAt(p[0], p[1]);
      if (hit !== null) window.location.href = self.pageOf(self.nodes[hit]);
    });
  };

  // ---- Keyboard ----------------------------------------------------------------------------

  // The nearest visible record from the selection in a direction, as the reader sees it.
  Explorer.prototype.step = function (dir) {
    var s = this.state, self = this;
    if (s.sel === null || !this.visible[s.sel]) {
      var first = null;
      this.byWeight.some(function (i) { if (self.on[i]) { first = i; return true; } return false; });
      return first;
    }
    var x0 = this.sx(this.nodes[s.sel].x), y0 = this.sy(this.nodes[s.sel].y);
    var best = null, bestScore = Infinity;
    this.nodes.forEach(function (n, i) {
      if (!self.visible[i] || i === s.sel) return;
      var dx = self.sx(n.x) - x0, dy = self.sy(n.y) - y0;
      var along = dir[0] ? dx * dir[0] : dy * dir[1];
      var across = Math.abs(dir[0] ? dy : dx);
      if (along <= 0.5 || across > along * 2) return;
      var score = along + 2 * across;
      if (score < bestScore) { bestScore = score; best = i; }
    });
    return best;
  };

  Explorer.prototype.bindKeys = function () {
    var self = this;
    var dirs = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
    this.canvas.addEventListener("keydown", function (ev) {
      if (ev.altKey || ev.ctrlKey || ev.metaKey) return;
      var dir = dirs[ev.key];
      if (dir && ev.shiftKey) {
        self.panBy(-dir[0] * self.width / 4, -dir[1] * self.height / 4);
        self.draw(); self.save();
      } else if (dir) {
        var next = self.step(dir);
        if (next !== null) {
          var x = self.sx(self.nodes[next].x), y = self.sy(self.nodes[next].y);
          if (x < 40 || x > self.width - 40 || y < HEAD + 20 || y > self.height - 20) {
            self.view.cx = self.nodes[next].x; self.view.cy = self.nodes[next].y; self.moved = true;
          }
          self.select(next);
        }
      } else if (ev.key === "+" || ev.key === "=") {
        self.zoomBy(1.6);
      } else if (ev.key === "-" || ev.key === "_") {
        self.zoomBy(1 / 1.6);
      } else if (ev.key === "0") {
        self.moved = false; self.fit(); self.draw(); self.save();
      } else if (ev.key === "Enter" && self.state.sel !== null) {
        window.location.href = self.pageOf(self.nodes[self.state.sel]);
      } else if (ev.key === "Escape") {
        if (self.state.sel !== null) self.select(null); else self.engage(false);
      } else {
        return;
      }
      ev.preventDefault();
    });
    this.canvas.addEventListener("blur", function () { self.engage(false); });
  };

  // ---- Start -------------------------------------------------------------------------------

  var scriptSrc = document.currentScript && document.currentScript.src;
  var siteRoot = scriptSrc ? scriptSrc.replace(/assets\/javascripts\/explorer\.js.*$/, "") : "/";

  function start() {
    var box = document.getElementById("atlas-explorer");
    if (!box || box.dataset.ready) return;
    var ui = JSON.parse(box.dataset.ui || "{}");
    var t0 = performance.now();
    var param = new URLSearchParams(window.location.search).get("data");
    // Only same-site data files may be loaded (tests and the benchmark use synthetic graphs).
    var url = param && /^[\w\-./]+\.json$/.test(param) && param.indexOf("..") < 0 ?
      siteRoot + param : siteRoot + "api/explorer.json";
    fetch(url).then(function (r) { return r.json(); }).then(function (data) {
      window.atlasExplorer = new Explorer(box, data, ui, t0);
    });
  }

  if (window.document$) window.document$.subscribe(start); else start();
})();
