// search.js: searches finding aids in the browser, with no server and no
// other site. The index is the folder search/ beside the pages (see
// pkg/site/search.go): its files are scripts, loaded by fonds.js as a query
// needs them, so that search works from the file system too.
//
// A query is words, all of which a result must hold (in any of its fields);
// "words in quotes" must stand together, in that order. A word of three
// letters or more also finds the words it begins (negotia finds
// negotiations); numbers and shorter words are found whole, so that 8 finds
// unit 8 and not 1928. Case and diacritics do not matter. Results are
// ranked: a word in a title, a number or a name counts more than one in a
// note, a rare word more than a common one. Facets narrow them by name,
// place, decade, level or kind, and reel. The query and the facets are in
// the page's address (search.html?q=…&name=…), so that a search can be
// shared and the browser's back and forward buttons work.
//
// Results are built with DOM methods, never from HTML strings.
(function () {
  "use strict";

  // ---- Words, as pkg/site/tokens.go cuts them ----

  var EXTRA = { "ø": "o", "ł": "l", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe", "ı": "i", "þ": "th", "ς": "σ" };
  var WORD = /[\p{L}\p{Nd}\p{M}]+/gu;
  var NONWORD = /[^\p{L}\p{Nd}\p{M}]+/u;
  var NUMBER = /^\p{Nd}+$/u;

  function fold(s) {
    return s.toLowerCase().normalize("NFKD").toLowerCase().replace(/\p{Mn}/gu, "").replace(/[øłđßæœıþς]/g, function (c) { return EXTRA[c]; });
  }
  // words returns the runs of letters, digits and marks of s, with where
  // each starts and ends and its tokens.
  function words(s) {
    var out = [], m;
    WORD.lastIndex = 0;
    while ((m = WORD.exec(s)) !== null) {
      out.push({ start: m.index, end: m.index + m[0].length, toks: fold(m[0]).split(NONWORD).filter(Boolean) });
    }
    return out;
  }
  function tokens(s) {
    var out = [];
    words(s).forEach(function (w) { out.push.apply(out, w.toks); });
    return out;
  }
  function runes(s) { return Array.from(s).length; }

  // ---- The index's numbers (putNum in pkg/site) ----

  var VLQ = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  var VAL = {};
  for (var i = 0; i < VLQ.length; i++) VAL[VLQ.charAt(i)] = i;
  function reader(s) {
    var at = 0;
    return {
      more: function () { return at < s.length; },
      num: function () {
        var n = 0, shift = 0, d;
        do {
          d = VAL[s.charAt(at++)];
          n += (d & 31) * Math.pow(2, shift);
          shift += 5;
        } while (d & 32);
        return n;
      },
    };
  }
  // term decodes a token's postings: runs of documents (start, len) that
  // hold it alike, each with whether it is in a strong field, how often and
  // where (its positions).
  function term(s) {
    var r = reader(s), start = [], len = [], info = [], next = 0;
    while (r.more()) {
      var a = next + r.num(), n = r.num() + 1, f = r.num(), tf = f >> 1, pos = [], p = 0;
      for (var k = 0; k < tf; k++) { p += r.num(); pos.push(p); }
      start.push(a);
      len.push(n);
      info.push({ strong: f & 1, tf: tf, pos: pos });
      next = a + n;
    }
    return { start: start, len: len, info: info };
  }
  // docList decodes a facet value's documents.
  function docList(s) {
    var r = reader(s), out = [], next = 0;
    while (r.more()) {
      var start = next + r.num(), len = r.num() + 1;
      for (var d = start; d < start + len; d++) out.push(d);
      next = start + len;
    }
    return out;
  }

  // ---- Queries ----

  // parse reads a query into groups: a word (its token, found whole or as
  // the beginning of words) or a phrase (tokens that must stand together).
  // A word that is several tokens ("K.-L.", "inv-12-b") is a phrase;
  // "no." or "inv" before a number is dropped.
  function parse(q) {
    var groups = [], parts = String(q).split('"');
    parts.forEach(function (part, i) {
      if (i % 2 === 1) {
        var toks = tokens(part);
        if (toks.length === 1) groups.push(word(toks[0], true));
        else if (toks.length > 1) groups.push({ phrase: toks });
        return;
      }
      part.split(/\s+/).forEach(function (w) {
        var toks = tokens(w);
        if (toks.length === 1) groups.push(word(toks[0], false));
        else if (toks.length > 1) groups.push({ phrase: toks });
      });
    });
    return groups.filter(function (g, k) {
      var nx = groups[k + 1];
      return !(g.tok && /^(no|nos|nr|inv)$/.test(g.tok) && nx && nx.tok && NUMBER.test(nx.tok));
    });
  }
  function word(tok, whole) {
    return { tok: tok, prefix: !whole && !NUMBER.test(tok) && runes(tok) >= 3 };
  }
  // matcher tells whether a token is one of the words and phrases of
  // groups asks for.
  function matcher(groups) {
    var whole = {}, prefixes = [];
    groups.forEach(function (g) {
      if (g.phrase) g.phrase.forEach(function (t) { whole[t] = true; });
      else if (g.prefix) prefixes.push(g.tok);
      else whole[g.tok] = true;
    });
    return function (t) {
      if (whole[t]) return true;
      for (var k = 0; k < prefixes.length; k++) if (t.indexOf(prefixes[k]) === 0) return true;
      return false;
    };
  }

  // The facets a search may be narrowed by, with their URL parameters.
  var FACETS = ["name", "place", "decade", "level", "reel"];
  var ONE = { name: "name", place: "place", decade: "decade", level: "level or kind", reel: "reel" };

  // state reads a search from an address's query string.
  function state(search) {
    var p = new URLSearchParams(search), st = { q: p.get("q") || "", page: Math.max(1, parseInt(p.get("page") || "1", 10) || 1), facets: [] };
    FACETS.forEach(function (f) {
      p.getAll(f).forEach(function (v) { if (v) st.facets.push({ dim: f, id: v }); });
    });
    return st;
  }
  function address(st) {
    var p = new URLSearchParams();
    if (st.q) p.set("q", st.q);
    st.facets.forEach(function (f) { p.append(f.dim, f.id); });
    if (st.page > 1) p.set("page", String(st.page));
    var s = p.toString();
    return s ? "?" + s : "?";
  }

  // ---- One finding aid's index ----

  function Index(base, slug) {
    this.base = base;
    this.slug = slug;
    this.terms = {};
  }
  Index.prototype.get = function (name) { return window.fonds.load(this.base, this.slug, name); };
  Index.prototype.manifest = function () { return this.get("index"); };
  // shardName is the file of the shard with key k (shardFile in pkg/site).
  function shardName(k) {
    var out = "t" + (k ? "-" : "");
    Array.from(k).forEach(function (c) { out += /[a-z0-9]/.test(c) ? c : "_" + c.codePointAt(0).toString(16) + "_"; });
    return out;
  }
  // postings finds the tokens a word asks for: [{tok, exact, docs, info}].
  Index.prototype.postings = function (m, tok, prefix) {
    var self = this, cover = null, keys = [];
    m.shards.forEach(function (k) {
      if (tok.indexOf(k) === 0 && (cover === null || k.length > cover.length)) cover = k;
      if (prefix && k.indexOf(tok) === 0 && k.length > tok.length) keys.push(k);
    });
    if (cover !== null) keys.unshift(cover);
    return Promise.all(keys.map(function (k) { return self.get(shardName(k)); })).then(function (shards) {
      var out = [];
      shards.forEach(function (sh) {
        Object.keys(sh).forEach(function (t) {
          if (t === tok || prefix && t.indexOf(tok) === 0) {
            var key = t;
            if (!self.terms[key]) self.terms[key] = term(sh[t]);
            out.push({ tok: t, exact: t === tok, runs: self.terms[key] });
          }
        });
      });
      return out;
    });
  };
  Index.prototype.reels = function (m) {
    return m.reels ? this.get("r") : Promise.resolve([]);
  };
  // facets loads the facets dims (of the manifest's), their values'
  // documents decoded.
  Index.prototype.facets = function (dims) {
    var self = this;
    return Promise.all(dims.map(function (f) {
      return self.get("f-" + f.id).then(function (values) {
        if (!values.decoded) {
          values.forEach(function (v) { v.docs = docList(v.p); });
          values.decoded = true;
        }
        return { dim: f.id, label: f.label, values: values };
      });
    }));
  };
  // docs loads what results show of documents ids: each with its address
  // (h) and breadcrumb (p), a unit's made from its page and the units
  // above it.
  Index.prototype.docs = function (m, ids) {
    var self = this, chunks = {};
    ids.forEach(function (d) { chunks[Math.floor(d / m.chunk)] = true; });
    return Promise.all(Object.keys(chunks).map(function (c) {
      return self.get("d-" + c).then(function (f) { return { c: +c, f: f }; });
    })).then(function (got) {
      var byChunk = {};
      got.forEach(function (g) { byChunk[g.c] = g.f; });
      return ids.map(function (d) {
        var f = byChunk[Math.floor(d / m.chunk)], doc = f.docs[d % m.chunk];
        if (doc.k !== "u") return doc;
        var out = Object.assign({}, doc, { h: m.pages[doc.i || 0] + "#" + doc.a, p: [] });
        for (var up = doc.up; up; up = f.up[up - 1].up) {
          var u = f.up[up - 1];
          out.p.unshift([u.t, m.pages[u.i || 0] + "#" + u.a]);
        }
        return out;
      });
    });
  };

  // weight of a token in a document: strong fields count three times, a
  // word a query only begins a little less, repeats a little more.
  function weight(info, exact) {
    return (info.strong ? 3 : 1) * (exact ? 1 : 0.7) * (1 + 0.1 * Math.min(info.tf - 1, 10));
  }

  // run searches one index: the documents found, best first. Only the
  // facets the search is narrowed by are loaded; count counts the rest.
  Index.prototype.run = function (st) {
    var self = this, groups = parse(st.q);
    return this.manifest().then(function (m) {
      var N = m.docs;
      var numbers = groups.some(function (g) { return g.tok && NUMBER.test(g.tok); });
      var jobs = groups.map(function (g) {
        if (g.phrase) {
          return Promise.all(g.phrase.map(function (t) { return self.postings(m, t, false); }));
        }
        return self.postings(m, g.tok, g.prefix);
      });
      var dims = m.facets.filter(function (f) { return st.facets.some(function (x) { return x.dim === f.id; }); });
      return Promise.all([Promise.all(jobs), numbers ? self.reels(m) : [], self.facets(dims)]).then(function (got) {
        var lists = got[0], reels = got[1], facets = got[2];
        var total = null, holds = {};
        groups.forEach(function (g, gi) {
          var sc = new Float32Array(N), df = 0, d;
          if (g.phrase) {
            phrase(lists[gi], sc);
          } else {
            lists[gi].forEach(function (p) {
              var rs = p.runs;
              for (var k = 0; k < rs.start.length; k++) {
                var w = weight(rs.info[k], p.exact), end = rs.start[k] + rs.len[k];
                for (d = rs.start[k]; d < end; d++) if (w > sc[d]) sc[d] = w;
              }
            });
            if (NUMBER.test(g.tok)) {
              var n = parseInt(g.tok, 10);
              reels.forEach(function (r) {
                for (var k = 0; k < r.r.length; k += 2) {
                  if (n >= r.r[k] && n <= r.r[k + 1]) {
                    sc[r.d] = Math.max(sc[r.d], 2);
                    holds[r.d] = (holds[r.d] ? holds[r.d] + ", " : "Holds no. ") + n;
                  }
                }
              });
            }
          }
          for (d = 0; d < N; d++) if (sc[d] > 0) df++;
          var idf = Math.log(1 + N / Math.max(1, df));
          if (total === null) {
            total = new Float32Array(N);
            for (d = 0; d < N; d++) total[d] = sc[d] * idf;
          } else {
            for (d = 0; d < N; d++) total[d] = sc[d] > 0 && total[d] > 0 ? total[d] + sc[d] * idf : 0;
          }
        });
        var byDim = {}, chosen = [];
        facets.forEach(function (f) { byDim[f.dim] = f; });
        st.facets.forEach(function (sel) {
          var f = byDim[sel.dim], v = f && f.values.filter(function (x) { return x.id === sel.id; })[0];
          chosen.push({ dim: sel.dim, id: sel.id, label: v ? v.l : sel.id, facet: ONE[sel.dim] });
          var keep = new Uint8Array(N), d;
          if (v) v.docs.forEach(function (x) { keep[x] = 1; });
          if (total === null) {
            total = new Float32Array(N);
            for (d = 0; d < N; d++) total[d] = keep[d];
          } else {
            for (d = 0; d < N; d++) if (!keep[d]) total[d] = 0;
          }
        });
        return { m: m, groups: groups, hits: ranked(total, N), chosen: chosen, byDim: byDim, holds: holds };
      });
    });
  };

  // ranked lists the documents with a score, best first, the first of
  // equals first: sorted as numbers that hold both (a typed array sorts
  // fast, with no function to call).
  function ranked(total, N) {
    if (total === null) return [];
    var n = 0, d;
    for (d = 0; d < N; d++) if (total[d] > 0) n++;
    var keys = new Float64Array(n), k = 0;
    for (d = 0; d < N; d++) {
      if (total[d] > 0) keys[k++] = -Math.round(total[d] * 1e4) * 4194304 + d;
    }
    keys.sort();
    var out = new Array(n);
    for (k = 0; k < n; k++) out[k] = ((keys[k] % 4194304) + 4194304) % 4194304;
    return out;
  }

  // count loads every facet and counts its values among the results r.
  Index.prototype.count = function (r) {
    return this.facets(r.m.facets).then(function (facets) {
      var mark = new Uint8Array(r.m.docs), out = [];
      r.hits.forEach(function (d) { mark[d] = 1; });
      facets.forEach(function (f) {
        r.byDim[f.dim] = f;
        var vals = [];
        f.values.forEach(function (v) {
          var n = 0;
          for (var k = 0; k < v.docs.length; k++) n += mark[v.docs[k]];
          if (n > 0) vals.push({ id: v.id, label: v.l, count: n });
        });
        out.push({ dim: f.dim, label: f.label, values: vals });
      });
      return out;
    });
  };

  // phrase scores the documents where a phrase's tokens stand together:
  // at some position p of the first, the second at p+1, and so on.
  function phrase(lists, sc) {
    var N = sc.length;
    var exact = lists.map(function (l) { return l.filter(function (p) { return p.exact; })[0]; });
    if (exact.some(function (p) { return !p; })) return;
    // For each further token, each document's run (plus one).
    var at = exact.slice(1).map(function (p) {
      var rs = p.runs, of = new Int32Array(N);
      for (var k = 0; k < rs.start.length; k++) {
        for (var d = rs.start[k], end = d + rs.len[k]; d < end; d++) of[d] = k + 1;
      }
      return of;
    });
    function stands(d, p) {
      for (var j = 0; j < at.length; j++) {
        var run = at[j][d];
        if (!run || exact[j + 1].runs.info[run - 1].pos.indexOf(p + j + 1) < 0) return false;
      }
      return true;
    }
    var first = exact[0].runs;
    for (var k = 0; k < first.start.length; k++) {
      var inf = first.info[k];
      for (var d = first.start[k], end = d + first.len[k]; d < end; d++) {
        for (var i = 0; i < inf.pos.length; i++) {
          if (stands(d, inf.pos[i])) {
            sc[d] = (at.length + 1) * (inf.strong ? 3 : 1);
            break;
          }
        }
      }
    }
  }

  // ---- Showing results ----

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }
  function link(href, text) {
    var a = el("a", text);
    a.href = href;
    return a;
  }
  // marked appends text to parent with the words the query asks for in
  // <mark>; from and to cut it (with "…").
  function marked(parent, text, match, from, to) {
    from = from || 0;
    to = to === undefined ? text.length : to;
    if (from > 0) parent.appendChild(document.createTextNode("… "));
    var at = from;
    words(text).forEach(function (w) {
      if (w.start < from || w.end > to || !w.toks.some(match)) return;
      parent.appendChild(document.createTextNode(text.slice(at, w.start)));
      parent.appendChild(el("mark", text.slice(w.start, w.end)));
      at = w.end;
    });
    parent.appendChild(document.createTextNode(text.slice(at, to)));
    if (to < text.length) parent.appendChild(document.createTextNode(" …"));
  }
  // snippet is the part of a document's lines that shows the first match
  // in context, or the beginning of its first line when they hold none;
  // null for a document with no lines.
  function snippet(doc, match) {
    var lines = doc.x || [];
    for (var i = 0; i < lines.length; i++) {
      var ws = words(lines[i]), hit = ws.filter(function (w) { return w.toks.some(match); })[0];
      if (!hit) continue;
      var text = lines[i], from = Math.max(0, hit.start - 70), to = Math.min(text.length, hit.start + 170);
      if (from > 0) { var sp = text.indexOf(" ", from); from = sp >= 0 && sp < hit.start ? sp + 1 : hit.start; }
      if (to < text.length) { var sp2 = text.lastIndexOf(" ", to); if (sp2 > hit.end) to = sp2; }
      return { text: text, from: from, to: to };
    }
    if (!lines.length) return null;
    var end = lines[0].length > 170 ? lines[0].lastIndexOf(" ", 170) : lines[0].length;
    return { text: lines[0], from: 0, to: end > 0 ? end : Math.min(170, lines[0].length) };
  }
  // why says through which other form of a name a unit was found: the
  // names and places it cites whose forms hold a match.
  function why(d, match, byDim) {
    var out = [];
    ["name", "place"].forEach(function (dim) {
      var f = byDim[dim];
      if (!f) return;
      f.values.forEach(function (v) {
        if (!v.f || !has(v.docs, d)) return;
        if (!v.ftoks) v.ftoks = tokens(v.f);
        if (v.ftoks.some(match)) out.push(v.l + ", also known as " + v.f);
      });
    });
    return out;
  }
  function has(sorted, d) {
    var lo = 0, hi = sorted.length - 1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (sorted[mid] === d) return true;
      if (sorted[mid] < d) lo = mid + 1; else hi = mid - 1;
    }
    return false;
  }

  // hit writes one result: its breadcrumb, its title (a link), what it is
  // and its dates, and the match in context.
  function hit(base, doc, d, match, r, lang, level) {
    var li = el("li", "", "hit");
    if (doc.p && doc.p.length) {
      var path = el("p", "", "path");
      path.appendChild(document.createTextNode("In "));
      doc.p.forEach(function (c, i) {
        if (i) {
          var sep = el("span", " › ", "sep");
          sep.setAttribute("aria-hidden", "true");
          path.appendChild(sep);
        }
        path.appendChild(c[1] ? link(base + c[1], c[0]) : el("span", c[0]));
      });
      li.appendChild(path);
    }
    var h = el("h" + level, "", "hit-title");
    var a = link(base + doc.h, "");
    if (doc.n) {
      marked(a, doc.n, match);
      a.appendChild(document.createTextNode(" "));
    }
    var t = el("span");
    if (doc.g) t.lang = doc.g;
    else if (lang) t.lang = lang;
    marked(t, doc.t || "Untitled", match);
    a.appendChild(t);
    h.appendChild(a);
    li.appendChild(h);
    li.appendChild(el("p", [doc.v, doc.d].filter(Boolean).join(" · "), "meta"));
    var sn = snippet(doc, match), shown = [doc.n || "", doc.t || ""];
    if (sn) {
      var p = el("p", "", "snippet");
      marked(p, sn.text, match, sn.from, sn.to);
      li.appendChild(p);
      shown.push(sn.text.slice(sn.from, sn.to));
    }
    if (r.holds[d]) li.appendChild(el("p", r.holds[d] + ".", "snippet"));
    li.fondsShown = shown.join(" ");
    return li;
  }

  // explain adds to a unit's result the names it cites through whose other
  // forms a word of the query was found (Trockij for a letter of Crux),
  // once the facets, which hold those forms, are loaded.
  function explain(li, doc, d, r) {
    var shown = li.fondsShown || "";
    if (doc.k !== "u") return;
    var seen = tokens(shown), match = matcher(r.groups);
    r.groups.forEach(function (g) {
      var one = matcher([g]);
      if (seen.some(one)) return;
      why(d, one, r.byDim).forEach(function (w) {
        var q = el("p", "", "snippet");
        marked(q, w, match);
        li.appendChild(q);
        seen = seen.concat(tokens(w));
      });
    });
  }

  var PER_PAGE = 20, FACET_SHOWN = 8;

  // ---- The search page of a finding aid ----

  function searchPage(form, slug) {
    var input = form.querySelector("input[name=q]");
    var status = document.getElementById("search-status");
    var out = document.getElementById("search-results");
    var side = document.getElementById("search-facets");
    var pager = document.getElementById("search-pages");
    var ix = new Index("", slug);
    var canPush = true;
    try { history.replaceState(history.state, "", location.href); } catch (e) { canPush = false; }
    var current = state(location.search), expanded = {}, serial = 0;

    var heading = document.getElementById("results-h"), focusAfter = null;

    // go shows a search and puts it in the address: a new entry of the
    // history for a search asked for (push), the same entry while typing.
    function go(st, push, focus) {
      if (canPush) {
        try { history[push ? "pushState" : "replaceState"](null, "", address(st)); } catch (e) { canPush = false; }
      }
      if (!canPush && push) { location.search = address(st); return; }
      current = st;
      focusAfter = focus || null;
      show(st);
    }
    // refocus puts the keyboard back where the reader was once the page is
    // built again: on the facet value they chose if it is still there,
    // else on the results' heading.
    function refocus() {
      if (focusAfter === null) return;
      var f = focusAfter, target = f ? side.querySelector('[data-facet="' + CSS.escape(f) + '"]') : null;
      focusAfter = null;
      (target || heading).focus();
    }
    function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

    function show(st) {
      var mine = ++serial, started = performance.now();
      input.value = st.q;
      if (!st.q.trim() && !st.facets.length) {
        clear(out); clear(side); clear(pager);
        status.textContent = "";
        document.body.setAttribute("data-done", String(mine));
        return;
      }
      status.textContent = "Searching…";
      // First the results, then the facets, which take longer to count
      // than the results to find; then what the facets tell about the
      // results shown (through which form of a name a unit was found).
      // First the results, each shown as soon as its document is loaded
      // (in order), then the facets, which take longer to count than the
      // results to find, then what the facets tell about the results shown
      // (through which form of a name a unit was found).
      ix.run(st).then(function (r) {
        if (mine !== serial) return null;
        var first = (st.page - 1) * PER_PAGE, page = r.hits.slice(first, first + PER_PAGE);
        var match = matcher(r.groups), items = [], shown = Promise.resolve();
        var what = st.q.trim() ? "“" + st.q.trim() + "”" : "";
        r.chosen.forEach(function (c) { what += (what ? ", " : "") + c.facet + ": " + c.label; });
        clear(out);
        clear(side);
        status.textContent = r.hits.length === 0 ? "Nothing found for " + what + "." :
          (r.hits.length === 1 ? "1 result" : r.hits.length + " results") + " for " + what +
          (r.hits.length > PER_PAGE ? "; " + (first + 1) + "–" + (first + page.length) + " shown." : ".");
        page.forEach(function (d, k) {
          var doc = ix.docs(r.m, [d]);
          shown = shown.then(function () { return doc; }).then(function (docs) {
            if (mine !== serial) return;
            var li = hit("", docs[0], d, match, r, "", 3);
            items.push({ li: li, doc: docs[0], d: d });
            out.appendChild(li);
            if (k === 0) document.body.setAttribute("data-results-at", String(Math.round(performance.now())));
          });
        });
        return shown.then(function () {
          if (mine !== serial) return null;
          document.body.setAttribute("data-page-at", String(Math.round(performance.now())));
          document.body.setAttribute("data-search-ms", String(Math.round(performance.now() - started)));
          pages(st, r.hits.length);
          return ix.count(r).then(function (counted) {
            if (mine !== serial) return;
            items.forEach(function (it) { explain(it.li, it.doc, it.d, r); });
            facets(st, r, counted);
            document.body.setAttribute("data-facets-at", String(Math.round(performance.now())));
            document.body.setAttribute("data-done", String(mine));
            refocus();
          });
        });
      }).catch(function (err) {
        if (mine !== serial) return;
        status.textContent = "Search failed: " + err.message;
        document.body.setAttribute("data-done", String(mine));
      });
    }

    // facets lists, for each facet, its values among the results (the
    // most frequent first), each a link that narrows the search; the
    // values chosen first, each a link that widens it again.
    function facets(st, r, counted) {
      clear(side);
      if (!r.hits.length && !r.chosen.length) return;
      side.appendChild(el("h2", "Narrow the results"));
      if (r.chosen.length) {
        var ul = el("ul", "", "chosen");
        r.chosen.forEach(function (c) {
          var rest = st.facets.filter(function (f) { return !(f.dim === c.dim && f.id === c.id); });
          var li = el("li");
          li.appendChild(facetLink({ q: st.q, page: 1, facets: rest }, "Remove " + c.facet + ": " + c.label, ""));
          ul.appendChild(li);
        });
        side.appendChild(ul);
      }
      counted.forEach(function (f) {
        var vals = f.values.filter(function (v) {
          return !st.facets.some(function (x) { return x.dim === f.dim && x.id === v.id; });
        });
        if (!vals.length) return;
        vals.sort(function (a, b) { return b.count - a.count || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0); });
        var sec = el("section", "", "facet");
        var hid = "facet-" + f.dim;
        var h = el("h3", f.label);
        h.id = hid;
        sec.setAttribute("aria-labelledby", hid);
        sec.appendChild(h);
        var list = el("ul");
        list.id = "facet-" + f.dim + "-values";
        var shown = expanded[f.dim] ? vals : vals.slice(0, FACET_SHOWN);
        shown.forEach(function (v) {
          var li = el("li");
          var a = facetLink({ q: st.q, page: 1, facets: st.facets.concat([{ dim: f.dim, id: v.id }]) }, v.label, f.dim + ":" + v.id);
          a.setAttribute("data-facet", f.dim + ":" + v.id);
          a.appendChild(el("span", " (" + v.count + ")", "count"));
          li.appendChild(a);
          list.appendChild(li);
        });
        sec.appendChild(list);
        if (vals.length > FACET_SHOWN) {
          var b = el("button", expanded[f.dim] ? "Show fewer" : "Show all " + vals.length);
          b.type = "button";
          b.setAttribute("aria-expanded", expanded[f.dim] ? "true" : "false");
          b.setAttribute("aria-controls", list.id);
          b.addEventListener("click", function () {
            expanded[f.dim] = !expanded[f.dim];
            facets(st, r, counted);
            var again = side.querySelector("#" + hid).parentNode.querySelector("button");
            if (again) again.focus();
          });
          sec.appendChild(b);
        }
        side.appendChild(sec);
      });
    }
    // facetLink is a link to another search; followed, it shows that
    // search on this page and puts the keyboard on focus (a data-facet
    // value) or on the results' heading.
    function facetLink(st, text, focus) {
      var a = link("search.html" + address(st), text);
      a.addEventListener("click", function (ev) {
        if (!canPush || ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.button) return;
        ev.preventDefault();
        go(st, true, focus);
      });
      return a;
    }
    function pages(st, n) {
      clear(pager);
      var last = Math.ceil(n / PER_PAGE);
      if (last < 2) return;
      var ul = el("ul");
      [["Previous results", st.page - 1], ["Next results", st.page + 1]].forEach(function (p) {
        if (p[1] < 1 || p[1] > last) return;
        var li = el("li");
        li.appendChild(facetLink({ q: st.q, facets: st.facets, page: p[1] }, p[0], ""));
        ul.appendChild(li);
      });
      var nav = el("nav");
      nav.setAttribute("aria-label", "Pages of results");
      nav.appendChild(el("p", "Page " + st.page + " of " + last));
      nav.appendChild(ul);
      pager.appendChild(nav);
    }

    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      go({ q: input.value, page: 1, facets: input.value === current.q ? current.facets : [] }, true);
    });
    var timer = 0;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { go({ q: input.value, page: 1, facets: current.facets }, false); }, 250);
    });
    window.addEventListener("popstate", function () {
      current = state(location.search);
      show(current);
    });
    show(current);
  }

  // ---- The list of finding aids: searching them all ----

  var PER_AID = 3;

  function homePage(form, entries) {
    var input = form.querySelector("input[name=q]");
    var status = document.getElementById("search-status");
    var out = document.getElementById("search-results");
    var st = state(location.search);
    input.value = st.q;
    if (!st.q.trim()) return;
    status.textContent = "Searching…";
    var started = performance.now();
    Promise.all(entries.map(function (e) {
      var slug = e.getAttribute("data-search");
      var ix = new Index(slug + "/", slug);
      return ix.run({ q: st.q, page: 1, facets: [] }).then(function (r) {
        return ix.docs(r.m, r.hits.slice(0, PER_AID)).then(function (docs) {
          return { slug: slug, r: r, docs: docs, lang: e.getAttribute("data-lang") || "" };
        });
      }, function (err) { return { slug: slug, err: err }; });
    })).then(function (all) {
      var total = 0, aids = 0;
      all.forEach(function (a) {
        if (a.err) {
          var sec0 = el("section", "", "aid");
          sec0.appendChild(el("p", "The index of " + a.slug + " could not be read: " + a.err.message));
          out.appendChild(sec0);
          return;
        }
        if (!a.r.hits.length) return;
        total += a.r.hits.length;
        aids++;
        var sec = el("section", "", "aid");
        var hid = "found-" + a.slug;
        var h = el("h3", "");
        h.id = hid;
        sec.setAttribute("aria-labelledby", hid);
        h.appendChild(link(a.slug + "/index.html", a.r.m.title));
        if (a.lang) h.firstChild.lang = a.lang;
        sec.appendChild(h);
        var match = matcher(a.r.groups);
        var ol = el("ol", "", "hits");
        a.docs.forEach(function (doc, k) { ol.appendChild(hit(a.slug + "/", doc, a.r.hits[k], match, a.r, a.lang, 4)); });
        sec.appendChild(ol);
        var more = el("p", "", "more");
        more.appendChild(link(a.slug + "/search.html" + address(st),
          a.r.hits.length === 1 ? "This result in the finding aid's search" : "All " + a.r.hits.length + " results in this finding aid, with facets"));
        sec.appendChild(more);
        out.appendChild(sec);
      });
      status.textContent = total === 0 ? "Nothing found for “" + st.q.trim() + "”." :
        (total === 1 ? "1 result" : total + " results") + " for “" + st.q.trim() + "” in " +
        (aids === 1 ? "1 finding aid" : aids + " finding aids") + ".";
      document.body.setAttribute("data-search-ms", String(Math.round(performance.now() - started)));
      document.body.setAttribute("data-done", "1");
    });
  }

  window.fondsSearchEngine = { fold: fold, tokens: tokens, parse: parse, term: term, docList: docList };

  if (typeof document === "undefined") return;
  var form = document.querySelector("form.search[data-search]");
  if (!form) return;
  if (!window.fonds) {
    document.getElementById("search-status").textContent = "Search needs fonds.js, which did not load.";
    return;
  }
  if (form.getAttribute("data-search") === "all") {
    homePage(form, Array.prototype.slice.call(document.querySelectorAll("[data-search]:not(form)")));
  } else {
    searchPage(form, form.getAttribute("data-search"));
  }
})();
