// fonds.js: small enhancements; every page reads without them.
// - A unit opened by its address (#inv-723) is shown even inside a closed list,
//   and found on the page of its own that a large inventory gives it.
// - Inventory pages get buttons to open and close every nested list.
// - Printing opens every list.
(function () {
  "use strict";
  function openTo(el) {
    for (var e = el; e; e = e.parentElement) {
      if (e.tagName === "DETAILS") e.open = true;
    }
  }
  function showTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var el = id && document.getElementById(id);
    if (el) {
      openTo(el);
      el.scrollIntoView();
    } else if (id) {
      elsewhere(id);
    }
  }
  // A permanent address such as inventory.html#inv-723 names a unit that a
  // large inventory describes on a page of its own: the search index says
  // which page, and the reader is sent there. It is loaded only then.
  function elsewhere(id) {
    if (window.fondsSearchIndex) return go(window.fondsSearchIndex);
    var s = document.createElement("script");
    s.src = "search-index.js";
    s.onload = function () { if (window.fondsSearchIndex) go(window.fondsSearchIndex); };
    document.head.appendChild(s);
    function go(ix) {
      var here = location.pathname.split("/").pop() || "index.html";
      for (var i = 0; i < ix.units.length; i++) {
        var u = ix.units[i];
        if ((u[5] || "inv-" + u[0]) === id) {
          var page = ix.pages[u[4] || 0];
          if (page && page !== here) location.replace(page + "#" + encodeURIComponent(id));
          return;
        }
      }
    }
  }
  function setAll(open) {
    var ds = document.querySelectorAll("details.kids");
    for (var i = 0; i < ds.length; i++) ds[i].open = open;
  }
  window.addEventListener("hashchange", showTarget);
  window.addEventListener("beforeprint", function () { setAll(true); });
  if (location.hash) showTarget();

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
