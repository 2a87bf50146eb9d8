// fonds.js: small enhancements; every page reads without them.
// - It loads the search index's files (search/*.js) for search.js and for
//   itself: each is a script that hands its data to fondsSearch(), since a
//   page opened from the file system may load a script but not fetch JSON.
// - A unit opened by its address (#inv-723) is shown even inside a closed list,
//   with its citation open, and found on the page of its own that a large
//   inventory gives it.
// - Inventory pages get buttons to open and close every nested list, and
//   each citation a button that copies it.
// - Printing opens every list.
(function () {
  "use strict";

  // The search index: window.fonds.load(base, slug, name) promises the
  // data of base + "search/" + name + ".js", loading each file once.
  var store = {}, waiting = {};
  window.fondsSearch = function (slug, name, data) {
    store[slug + "/" + name] = data;
  };
  function load(base, slug, name) {
    var key = slug + "/" + name;
    if (Object.prototype.hasOwnProperty.call(store, key)) return Promise.resolve(store[key]);
    if (!waiting[key]) {
      waiting[key] = new Promise(function (resolve, reject) {
        var s = document.createElement("script");
        s.src = base + "search/" + name + ".js";
        s.onload = function () {
          if (Object.prototype.hasOwnProperty.call(store, key)) resolve(store[key]);
          else reject(new Error(s.src + " holds no part of the index of " + slug));
        };
        s.onerror = function () { reject(new Error("the search index (" + s.src + ") could not be loaded")); };
        document.head.appendChild(s);
      });
    }
    return waiting[key];
  }
  // fnv is FNV-1a over the UTF-8 bytes of s, as fonds hashes unit ids.
  function fnv(s) {
    var b = new TextEncoder().encode(s), h = 0x811c9dc5;
    for (var i = 0; i < b.length; i++) {
      h ^= b[i];
      h = Math.imul(h, 16777619) >>> 0;
    }
    return h >>> 0;
  }
  window.fonds = { load: load, fnv: fnv };

  var slug = document.body.getAttribute("data-fonds");

  function openTo(el) {
    for (var e = el; e; e = e.parentElement) {
      if (e.tagName === "DETAILS") e.open = true;
    }
    var cite = el.querySelector(":scope > details.cite, :scope > .desc > details.cite");
    if (cite) cite.open = true;
  }
  function showTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var el = id && document.getElementById(id);
    if (el) {
      openTo(el);
      el.scrollIntoView();
    } else if (id && slug) {
      elsewhere(id);
    }
  }
  // A permanent address such as inventory.html#inv-723 names a unit that a
  // large inventory describes on a page of its own: the index says which
  // page (search/i-N.js, N from the hash of the id), and the reader is sent
  // there.
  function elsewhere(id) {
    load("", slug, "index").then(function (m) {
      if (!m.ids) return null;
      return load("", slug, "i-" + (fnv(id) % m.ids)).then(function (ids) {
        if (!Object.prototype.hasOwnProperty.call(ids, id)) return;
        var page = m.pages[ids[id]];
        var here = location.pathname.split("/").pop() || "index.html";
        if (page && page !== here) location.replace(page + "#" + encodeURIComponent(id));
      });
    }).catch(function () { /* no index: the address stays as it is */ });
  }
  function setAll(open) {
    var ds = document.querySelectorAll("details.kids");
    for (var i = 0; i < ds.length; i++) ds[i].open = open;
  }
  window.addEventListener("hashchange", showTarget);
  window.addEventListener("beforeprint", function () { setAll(true); });
  if (location.hash) showTarget();

  // "Copy" in a citation once it is opened: the citation and its link.
  document.addEventListener("toggle", function (ev) {
    var d = ev.target;
    if (!d.classList || !d.classList.contains("cite") || !d.open || d.querySelector("button.copy")) return;
    if (!navigator.clipboard) return;
    var btn = document.createElement("button");
    btn.type = "button";
    btn.className = "copy";
    btn.textContent = "Copy";
    var said = document.createElement("span");
    said.className = "copied";
    said.setAttribute("role", "status");
    btn.addEventListener("click", function () {
      var text = d.querySelector(".citation").textContent;
      var link = d.querySelector(".permalink a");
      if (link) text += ", " + link.href;
      navigator.clipboard.writeText(text).then(function () { said.textContent = "Copied."; },
        function () { said.textContent = "Could not copy: select the text instead."; });
    });
    d.appendChild(btn);
    d.appendChild(said);
  }, true);

  var first = document.querySelector("main details.kids");
  if (!first) return;
  var tools = document.createElement("div");
  tools.className = "tools";
  [["Open all", true], ["Close all", false]].forEach(function (b) {
    var btn = document.createElement("button");
    btn.type = "button";
    btn.textContent = b[0];
    btn.addEventListener("click", function () { setAll(b[1]); });
    tools.appendChild(btn);
  });
  var list = document.querySelector("main > .units");
  if (list) list.parentNode.insertBefore(tools, list);
})();
