// The atlas's site search: the header's search box on every page (overrides/partials/search.html).
//
// Nothing is fetched until the reader opens the search: then the edition's index (search/en.json
// or search/zh.json, written by src/infra_atlas/searchindex.py) and MiniSearch are loaded, and
// the index is built in the browser. Ranking, best first:
//   1. a record whose name, Chinese name, abbreviation or alias is the query (case, width,
//      spaces and punctuation ignored), the kind that a bare name means first (its precedence);
//   2. the same with one typo in a word of five letters or more;
//   3. a record whose name begins with the query's words (the last one may be unfinished);
//   4. everything else by MiniSearch's BM25 (names weigh more than text), with records before
//      pages and queries whose every word matched before those that matched some.
// Chinese is cut into the atlas's own words (every Chinese name, alias and term is one word);
// Chinese text between them falls back to pairs of characters.
(function () {
  "use strict";

  var HAN = /\p{Script=Han}/u;
  // A run of Chinese characters, or a run of other letters and digits.
  var PIECE = /\p{Script=Han}+|(?:(?!\p{Script=Han})[\p{L}\p{N}])+/gu;
  var LATIN = /^[a-z0-9]+$/;
  var SHOWN = 20;
  var TIER = { exact: 3, typo: 2, prefix: 1, text: 0 };

  function fold(text) { return (text || "").normalize("NFKC").toLowerCase(); }
  function pieces(text) { return fold(text).match(PIECE) || []; }

  // -- Chinese words ------------------------------------------------------------------------
  function Vocabulary(words) {
    this.words = new Set(words);
    // The lengths of the words that begin with each character, longest first.
    this.lengths = new Map();
    var lengths = this.lengths;
    words.forEach(function (w) {
      var list = lengths.get(w[0]) || [];
      if (list.indexOf(w.length) < 0) list.push(w.length);
      lengths.set(w[0], list);
    });
    lengths.forEach(function (list) { list.sort(function (a, b) { return b - a; }); });
  }
  Vocabulary.prototype.at = function (run, i) {
    return this.lengths.get(run[i]) || [];
  };
  // Index side: every atlas word anywhere in the run, and (with `pairs`) every pair of
  // characters, which a query's Chinese outside the atlas's words falls back to. The text
  // gets the words only: pairs there would triple the index for little (a query's pair still
  // finds the text's words that begin with it).
  Vocabulary.prototype.all = function (run, out, pairs) {
    if (run.length === 1) { out.push(run); return; }
    for (var i = 0; i < run.length; i++) {
      var lengths = this.at(run, i);
      for (var k = 0; k < lengths.length; k++) {
        var n = lengths[k];
        if (n >= (pairs ? 3 : 2) && i + n <= run.length && this.words.has(run.substr(i, n))) {
          out.push(run.substr(i, n));
        }
      }
      if (pairs && i + 2 <= run.length) out.push(run.substr(i, 2));
    }
  };
  // Query side: the longest atlas word at each place; pairs of characters in between.
  Vocabulary.prototype.cut = function (run, out) {
    var rest = "";
    function flush() {
      if (rest.length === 1) out.push(rest);
      for (var j = 0; j + 2 <= rest.length; j++) out.push(rest.substr(j, 2));
      rest = "";
    }
    for (var i = 0; i < run.length;) {
      var found = 0, lengths = this.at(run, i);
      for (var k = 0; k < lengths.length && !found; k++) {
        var n = lengths[k];
        if (n >= 2 && i + n <= run.length && this.words.has(run.substr(i, n))) found = n;
      }
      if (found) { flush(); out.push(run.substr(i, found)); i += found; }
      else { rest += run[i]; i += 1; }
    }
    flush();
  };

  // -- tokens -------------------------------------------------------------------------------
  function camelParts(raw, out) {
    // PagedAttention -> paged, attention (the whole word is kept as well).
    (raw.match(/(?:(?!\p{Script=Han})[\p{L}\p{N}])+/gu) || []).forEach(function (word) {
      if (!/\p{Ll}\p{Lu}/u.test(word)) return;
      word.split(/(?<=\p{Ll})(?=\p{Lu})/u).forEach(function (part) {
        if (part.length >= 3) out.push(fold(part));
      });
    });
  }

  function indexTokens(vocab, text, field) {
    var out = [];
    var lines = field === "n" ? text.split("\n") : [text];
    lines.forEach(function (line) {
      var parts = pieces(line);
      parts.forEach(function (p) {
        if (HAN.test(p)) vocab.all(p, out, field === "n"); else out.push(p);
      });
      camelParts(line, out);
      if (field === "n" && parts.length > 1) out.push(parts.join(""));
    });
    return out;
  }

  function queryTokens(vocab, text) {
    var out = [];
    var parts = pieces(text);
    parts.forEach(function (p) { if (HAN.test(p)) vocab.cut(p, out); else out.push(p); });
    return out;
  }

  // -- names: exact, with a typo, or begun --------------------------------------------------
  // Optimal string alignment distance, stopping early above 1.
  function withinOne(a, b) {
    if (a === b) return true;
    if (Math.abs(a.length - b.length) > 1) return false;
    var i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) i++;
    if (a.length === b.length) {
      if (a.slice(i + 1) === b.slice(i + 1)) return true; // one substituted
      return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
    }
    return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
  }
  function tolerant(word) { return LATIN.test(word) && word.length >= 5; }
  function sameWord(q, w, typo) { return q === w || (typo && tolerant(w) && withinOne(q, w)); }

  // How well a query names a record: TIER.exact, .typo, .prefix, or .text.
  function nameTier(query, name) {
    if (query.whole === name.whole || sameWords(query.words, name.words, false)) return TIER.exact;
    if ((tolerant(name.whole) && withinOne(query.whole, name.whole)) ||
        sameWords(query.words, name.words, true)) return TIER.typo;
    if (query.words.length && query.words.length < name.words.length + 1 && begins(query, name)) {
      return TIER.prefix;
    }
    return TIER.text;
  }
  function sameWords(q, w, typo) {
    if (q.length !== w.length || !q.length) return false;
    var typos = 0;
    for (var i = 0; i < q.length; i++) {
      if (q[i] === w[i]) continue;
      if (!typo || !sameWord(q[i], w[i], true)) return false;
      typos += 1;
    }
    return typos <= q.length;
  }
  function begins(query, name) {
    var q = query.words, w = name.words;
    if (q.length > w.length) return false;
    for (var i = 0; i < q.length; i++) {
      var last = i === q.length - 1;
      if (sameWord(q[i], w[i], true)) continue;
      if (last && w[i].indexOf(q[i]) === 0 && q[i].length >= (HAN.test(q[i]) ? 1 : 2)) continue;
      return false;
    }
    return q.length < w.length || q[q.length - 1] !== w[q.length - 1];
  }
  function nameKey(text) {
    var words = pieces(text);
    return { words: words, whole: words.join("") };
  }

  // -- the engine ---------------------------------------------------------------------------
  // Two MiniSearch indexes: the names, built at once (a reader's first results come from it),
  // and the text, built in slices while the reader types; `onText` runs when it is complete.
  function Engine(data, onText) {
    var vocab = new Vocabulary(data.vocab);
    this.vocab = vocab;
    this.docs = data.docs;
    this.kinds = data.kinds || {};
    this.docs.forEach(function (d) { d.keys = d.n.map(nameKey); });
    function index(field) {
      return new window.MiniSearch({
        idField: "i",
        fields: [field],
        tokenize: function (text) { return indexTokens(vocab, text, field); },
        processTerm: function (term) { return term; },
        searchOptions: {
          tokenize: function (text) { return queryTokens(vocab, text); },
          combineWith: "OR",
          prefix: function (term, i, terms) {
            return HAN.test(term) || term.length >= 3 || i === terms.length - 1;
          },
          fuzzy: function (term) { return tolerant(term) ? 1 : 0; },
        },
      });
    }
    this.names = index("n");
    this.names.addAll(this.docs.map(function (d, i) { return { i: i, n: d.n.join("\n") }; }));
    this.text = null;
    var text = index("b");
    var self = this;
    this.complete = text
      .addAllAsync(this.docs.map(function (d, i) { return { i: i, b: d.b }; }), { chunkSize: 50 })
      .then(function () { self.text = text; if (onText) onText(); return self; });
  }

  Engine.prototype.search = function (text) {
    var query = nameKey(text);
    if (!query.whole) return [];
    var tokens = queryTokens(this.vocab, text);
    var wanted = new Set(tokens).size || 1;
    // BM25 of the names (weighing five times the text) and of the text, and how many of the
    // query's words a result matched in either.
    var found = new Map();
    function add(hits, weight) {
      hits.forEach(function (hit) {
        var f = found.get(hit.id) || { score: 0, terms: new Set() };
        f.score += hit.score * weight;
        hit.queryTerms.forEach(function (t) { f.terms.add(t); });
        found.set(hit.id, f);
      });
    }
    add(this.names.search(text), 5);
    if (this.text) add(this.text.search(text), 1);
    var ranked = new Map();
    found.forEach(function (f, i) {
      var cover = Math.min(1, f.terms.size / wanted);
      ranked.set(i, { tier: TIER.text, score: f.score * cover * cover });
    });
    var self = this;
    this.docs.forEach(function (d, i) {
      var best = TIER.text;
      for (var k = 0; k < d.keys.length && best < TIER.exact; k++) {
        best = Math.max(best, nameTier(query, d.keys[k]));
      }
      if (best > TIER.text) {
        var seen = ranked.get(i);
        ranked.set(i, { tier: best, score: seen ? seen.score : 0 });
      }
    });
    var out = [];
    ranked.forEach(function (r, i) {
      var d = self.docs[i];
      var page = d.c === "page";
      // Among text matches, records before pages, and a kind's precedence as a light touch.
      var weight = (page ? 0.5 : 1) * (1 + (9 - d.p) * 0.03);
      out.push({ doc: d, tier: r.tier, score: r.score * weight });
    });
    out.sort(function (a, b) {
      return b.tier - a.tier ||
        (a.tier > TIER.text ? a.doc.p - b.doc.p : 0) ||
        b.score - a.score ||
        a.doc.p - b.doc.p ||
        (a.doc.t < b.doc.t ? -1 : a.doc.t > b.doc.t ? 1 : 0);
    });
    return out;
  };

  function summary(d) {
    if (typeof d.s === "string") return d.s;
    return d.b.slice(0, Math.abs(d.s)) + (d.s < 0 ? "…" : "");
  }

  // -- loading, when the reader opens the search --------------------------------------------
  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      if (window.MiniSearch) { resolve(); return; }
      var script = document.createElement("script");
      script.src = src;
      script.onload = function () { resolve(); };
      script.onerror = function () { reject(new Error("could not load " + src)); };
      document.head.appendChild(script);
    });
  }

  function absolute(path) { return new URL(path, document.baseURI).href; }

  // -- the search box -----------------------------------------------------------------------
  function mount(root) {
    var config = JSON.parse(root.getAttribute("data-atlas-search"));
    var strings = config.strings;
    var toggle = document.getElementById("__search");
    var input = root.querySelector(".atlas-search__input");
    var meta = root.querySelector(".atlas-search__meta");
    var list = root.querySelector(".atlas-search__list");
    var form = root.querySelector("form");
    var loading = null;
    var engine = null;
    var active = -1;
    var lastQuery = "";

    function load() {
      if (!loading) {
        var started = performance.now();
        meta.textContent = strings.loading;
        loading = Promise.all([
          fetch(absolute(config.index)).then(function (r) {
            if (!r.ok) throw new Error(r.status + " " + r.url);
            return r.json();
          }),
          loadScript(absolute(config.lib)),
        ]).then(function (got) {
          var built = performance.now();
          engine = new Engine(got[0], function () {
            // The text is indexed: show the fuller results, keeping the reader's choice.
            if (!lastQuery.trim()) return;
            var chosen = active;
            show(lastQuery);
            if (chosen >= 0) activate(chosen);
          });
          window.atlasSearch.timings = {
            fetched: built - started, built: performance.now() - built,
          };
          return engine;
        });
        loading.catch(function () { loading = null; meta.textContent = strings.failed; });
      }
      return loading;
    }

    function links() { return list.querySelectorAll("a.atlas-search__link"); }

    function activate(n) {
      var all = links();
      if (!all.length) { active = -1; return; }
      active = (n + all.length) % all.length;
      all.forEach(function (a, i) {
        var on = i === active;
        a.classList.toggle("atlas-search__link--active", on);
        a.setAttribute("aria-selected", on ? "true" : "false");
        if (on) {
          input.setAttribute("aria-activedescendant", a.id);
          a.scrollIntoView({ block: "nearest" });
        }
      });
    }

    function item(hit, n) {
      var d = hit.doc;
      var li = document.createElement("li");
      li.className = "md-search-result__item";
      li.setAttribute("role", "presentation");
      var a = document.createElement("a");
      a.className = "md-search-result__link atlas-search__link";
      a.id = "atlas-search-result-" + n;
      a.href = absolute(config.root + d.u);
      a.setAttribute("role", "option");
      a.tabIndex = -1;
      var article = document.createElement("article");
      article.className = "md-search-result__article md-typeset atlas-search__result";
      var head = document.createElement("div");
      head.className = "atlas-search__head";
      var kind = document.createElement("span");
      kind.className = "atlas-search__kind";
      kind.textContent = d.k;
      if (engine.kinds[d.c]) kind.style.setProperty("--atlas-kind", engine.kinds[d.c]);
      var title = document.createElement("span");
      title.className = "atlas-search__title";
      title.textContent = d.t;
      head.appendChild(kind);
      head.appendChild(title);
      if (d.o) {
        var other = document.createElement("span");
        other.className = "atlas-search__other";
        other.textContent = d.o;
        head.appendChild(other);
      }
      var line = document.createElement("p");
      line.className = "atlas-search__summary";
      line.textContent = summary(d);
      article.appendChild(head);
      article.appendChild(line);
      a.appendChild(article);
      a.addEventListener("click", function () { toggle.checked = false; });
      li.appendChild(a);
      return li;
    }

    function show(query) {
      if (!engine) return;
      var hits = query.trim() ? engine.search(query) : [];
      list.textContent = "";
      active = -1;
      input.removeAttribute("aria-activedescendant");
      hits.slice(0, SHOWN).forEach(function (hit, n) { list.appendChild(item(hit, n)); });
      if (!query.trim()) meta.textContent = strings.hint;
      else if (!hits.length && !engine.text) meta.textContent = strings.loading;
      else if (!hits.length) meta.textContent = strings.none.replace("{query}", query.trim());
      else if (hits.length === 1) meta.textContent = strings.one;
      else meta.textContent = strings.many.replace("{n}", String(hits.length));
      input.setAttribute("aria-expanded", hits.length ? "true" : "false");
      list.dataset.query = query;
      list.dataset.count = String(hits.length);
    }

    function update() {
      lastQuery = input.value;
      if (engine) { show(lastQuery); return; }
      load().then(function () { show(lastQuery); });
    }

    function open() {
      if (!toggle.checked) toggle.checked = true;
      input.focus();
      input.select();
      load();
    }

    input.addEventListener("input", update);
    input.addEventListener("focus", function () {
      if (!toggle.checked) toggle.checked = true;
      load();
    });
    toggle.addEventListener("change", function () {
      if (toggle.checked) { input.focus(); load(); } else { input.blur(); }
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function () {
      setTimeout(function () { update(); input.focus(); }, 0);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") { event.preventDefault(); activate(active + 1); }
      else if (event.key === "ArrowUp") { event.preventDefault(); activate(active - 1); }
      else if (event.key === "Enter") {
        event.preventDefault();
        var all = links();
        var target = all[active >= 0 ? active : 0];
        if (target) { toggle.checked = false; window.location.href = target.href; }
      } else if (event.key === "Escape") {
        event.preventDefault();
        toggle.checked = false;
        input.blur();
      }
    });
    document.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
      var target = event.target;
      var typing = target && (target.isContentEditable ||
        /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
      if (typing) return;
      if (event.key === "/" || event.key === "s" || event.key === "S") {
        event.preventDefault();
        open();
      }
    });
    meta.textContent = strings.hint;

    window.atlasSearch = {
      ready: load,
      // Resolves once the text is indexed too, so results no longer change.
      complete: function () { return load().then(function (e) { return e.complete; }); },
      query: function (text) {
        return load().then(function (e) {
          return e.search(text).map(function (hit) {
            return { url: absolute(config.root + hit.doc.u), title: hit.doc.t, tier: hit.tier };
          });
        });
      },
    };
  }

  function start() {
    var root = document.querySelector("[data-atlas-search]");
    if (root) mount(root);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
