// search.js: searches the finding aid in the browser, with no server and no
// other site: the index is search-index.js, loaded by a script tag, so it
// works from the file system too. It finds units by title, number and date;
// persons by any of their names, pseudonyms included, with the units that
// cite them and under which name; bodies and places; reels by number and by
// the inventory numbers they hold. Results are built with DOM methods, never
// from HTML strings.
(function () {
  "use strict";
  var MAX_UNITS = 200, MAX_CITES = 50;
  var form = document.querySelector("form.search");
  var input = document.getElementById("search-q");
  var status = document.getElementById("search-status");
  var out = document.getElementById("search-results");
  if (!form || !input || !status || !out) return;
  var ix = window.fondsSearchIndex;
  if (!ix) {
    status.textContent = "The search index (search-index.js) could not be loaded.";
    return;
  }

  function fold(s) {
    return String(s).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  function words(s) {
    return fold(s).split(/[^0-9a-z\u00c0-\uffff]+/).filter(Boolean);
  }

  var units = ix.units.map(function (u) {
    return { inv: u[0], unitid: u[1] || "", title: u[2] || "", dates: u[3] || "",
      page: u[4] || 0, anchor: u[5] || "", lang: u[6] || "", other: u[7] || "" };
  });
  var unitText = units.map(function (u) {
    return fold([u.unitid, u.title, u.dates, u.other].join(" "));
  });
  var names = ix.names.map(function (n) {
    var forms = [{ name: n[1], words: words(n[1]), ps: null }];
    n[3].forEach(function (v) { forms.push({ name: v, words: words(v), ps: null, variant: true }); });
    var pss = n[4].map(function (p) {
      var ps = { name: p[0], anchor: p[1], maintained: !!p[2], units: p[3] };
      forms.push({ name: p[0], words: words(p[0]), ps: ps });
      return ps;
    });
    return { kind: n[0], name: n[1], anchor: n[2], variants: n[3], pseudonyms: pss, units: n[5], forms: forms };
  });

  function unitHref(u) {
    return (ix.pages[u.page] || "inventory.html") + "#" + (u.anchor || "inv-" + u.inv);
  }
  function nameHref(kind, anchor) {
    return (kind === "p" ? "persons.html" : "names.html") + "#" + anchor;
  }
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
  function unitItem(u, extra) {
    var li = el("li");
    var a = link(unitHref(u), u.inv ? "No. " + u.inv : (u.unitid || u.title || "Unit"));
    li.appendChild(a);
    if (u.inv || u.unitid) {
      li.appendChild(document.createTextNode(" "));
      var t = el("span", u.title || "Untitled");
      if (u.lang) t.lang = u.lang;
      li.appendChild(t);
    }
    if (u.dates) li.appendChild(document.createTextNode(", " + u.dates));
    if (extra) li.appendChild(el("span", extra, "sub"));
    return li;
  }

  // A form of a name matches when every word of the query begins a word of it.
  function formMatches(form, qw) {
    return qw.every(function (w) {
      return form.words.some(function (fw) { return fw.indexOf(w) === 0; });
    });
  }

  function search(q) {
    var qf = fold(q).trim();
    var qw = words(q);
    var res = { names: [], units: [], reels: [] };
    if (!qw.length) return res;
    var number = /^\d+$/.test(qf) ? parseInt(qf, 10) : 0;
    var reelQuery = qf.match(/^reel\s*(\d+)$/);

    names.forEach(function (n) {
      var hits = n.forms.filter(function (f) { return formMatches(f, qw); });
      if (hits.length) res.names.push({ n: n, hits: hits });
    });

    var seen = {};
    if (number) {
      units.forEach(function (u, i) {
        if (u.inv === number) { res.units.push(i); seen[i] = true; }
      });
    }
    if (!reelQuery) {
      unitText.forEach(function (t, i) {
        if (seen[i]) return;
        if (qw.every(function (w) { return t.indexOf(w) >= 0; })) res.units.push(i);
      });
    }

    ix.reels.forEach(function (r) {
      if (reelQuery) {
        if (r[0] === parseInt(reelQuery[1], 10)) res.reels.push({ r: r, why: "" });
        return;
      }
      if (!number) {
        if (r[2] && qw.every(function (w) { return fold(r[2]).indexOf(w) >= 0; })) res.reels.push({ r: r, why: "" });
        return;
      }
      var holds = r[1].some(function (g) { return number >= g[0] && number <= g[1]; });
      if (holds) res.reels.push({ r: r, why: "holds no. " + number });
      else if (r[0] === number) res.reels.push({ r: r, why: "" });
    });
    return res;
  }

  function citeList(list) {
    var ul = el("ul");
    list.slice(0, MAX_CITES).forEach(function (i) { ul.appendChild(unitItem(units[i])); });
    if (list.length > MAX_CITES) ul.appendChild(el("li", "and " + (list.length - MAX_CITES) + " more: see the entry"));
    return ul;
  }

  function render(q, res) {
    while (out.firstChild) out.removeChild(out.firstChild);
    var total = res.names.length + res.units.length + res.reels.length;
    if (!q.trim()) { status.textContent = ""; return; }
    status.textContent = total === 0 ? "Nothing found for “" + q + "”." :
      total + (total === 1 ? " result" : " results") + " for “" + q + "”.";
    var box = el("div", "", "results");

    if (res.names.length) {
      box.appendChild(el("h2", "Persons and names"));
      var ul = el("ul");
      res.names.forEach(function (m) {
        var n = m.n, li = el("li");
        li.appendChild(link(nameHref(n.kind, n.anchor), n.name));
        var kind = { p: "person", b: "organization", l: "place" }[n.kind];
        var matched = m.hits.filter(function (h) { return h.name !== n.name; }).map(function (h) {
          return (h.ps ? "pseudonym " : "also written ") + h.name + (h.ps && h.ps.maintained ? " (maintained in the inventory)" : "");
        });
        li.appendChild(el("span", kind + (matched.length ? "; found as " + matched.join(", ") : ""), "sub"));
        if (n.pseudonyms.length) {
          li.appendChild(el("span", "Pseudonyms: " + n.pseudonyms.map(function (p) {
            return p.name + (p.maintained ? "*" : "");
          }).join("; "), "sub"));
        }
        var groups = [];
        if (n.units.length) groups.push({ as: n.name, units: n.units });
        n.pseudonyms.forEach(function (p) { if (p.units.length) groups.push({ as: p.name, units: p.units }); });
        groups.forEach(function (g) {
          var sub = el("div", "", "sub");
          sub.appendChild(el("span", "Cited as " + g.as + ":"));
          sub.appendChild(citeList(g.units));
          li.appendChild(sub);
        });
        ul.appendChild(li);
      });
      box.appendChild(ul);
    }

    if (res.units.length) {
      box.appendChild(el("h2", "Units of the inventory"));
      var uu = el("ul");
      res.units.slice(0, MAX_UNITS).forEach(function (i) { uu.appendChild(unitItem(units[i])); });
      box.appendChild(uu);
      if (res.units.length > MAX_UNITS) {
        box.appendChild(el("p", (res.units.length - MAX_UNITS) + " more units match: add a word to narrow the search."));
      }
    }

    if (res.reels.length) {
      box.appendChild(el("h2", "Microfilm reels"));
      var ru = el("ul");
      res.reels.forEach(function (m) {
        var r = m.r, li = el("li");
        li.appendChild(link("microfilm.html#reel-" + r[0], "Reel " + r[0]));
        var held = r[1].map(function (g) { return g[0] === g[1] ? String(g[0]) : g[0] + "–" + g[1]; }).join(", ");
        li.appendChild(el("span", (m.why ? m.why + "; " : "") + (held ? "inventory numbers " + held : r[2] || ""), "sub"));
        ru.appendChild(li);
      });
      box.appendChild(ru);
    }
    out.appendChild(box);
  }

  var timer = 0;
  function run(push) {
    var q = input.value;
    render(q, search(q));
    if (push) {
      try {
        history.replaceState(null, "", "?q=" + encodeURIComponent(q));
      } catch (e) { /* pages opened from the file system may not change their address */ }
    }
  }
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    run(true);
  });
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { run(false); }, 150);
  });
  var m = location.search.match(/[?&]q=([^&]*)/);
  if (m) {
    input.value = decodeURIComponent(m[1].replace(/\+/g, " "));
    run(false);
  }
})();
