// Article pages: a link from search results carries the query (?hl=电解厂); mark its exact occurrences inside the
// <article> with <mark class="hl">, scroll the first into view, and offer 清除高亮. Matching is rank.js's (one
// implementation for search and highlighting): spacing between Chinese characters is ignored, so 卫玲 marks
// "卫 玲". A query in traditional characters (?hl=安全生產) is folded to simplified first, as the search page does
// (fold.js). Only text nodes are split and wrapped — no HTML is ever parsed from the query or the page.
(function () {
  "use strict";
  var script = document.currentScript;
  var hl = new URLSearchParams(location.search).get("hl");
  var article = document.querySelector("article[data-pagefind-body]") || document.querySelector("article");
  if (!script || !hl || !hl.trim() || !article) return;
  var assets = script.src;

  /** Text nodes under `root` in document order, leaving out scripts, styles and marks already there. */
  function textNodes(root) {
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode: function (n) {
        var p = n.parentNode;
        if (!n.nodeValue || !p || /^(SCRIPT|STYLE|NOSCRIPT|TEXTAREA)$/.test(p.nodeName)) return NodeFilter.FILTER_REJECT;
        return NodeFilter.FILTER_ACCEPT;
      },
    });
    var nodes = [];
    for (var n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n);
    return nodes;
  }

  /** Wraps [start, end) ranges of the concatenated text of `nodes` (a match may span several nodes). */
  function wrap(nodes, matches) {
    var perNode = nodes.map(function () { return []; });
    var offset = 0;
    nodes.forEach(function (node, i) {
      var len = node.nodeValue.length;
      matches.forEach(function (m) {
        var a = Math.max(m.start, offset);
        var b = Math.min(m.end, offset + len);
        if (a < b) perNode[i].push([a - offset, b - offset]);
      });
      offset += len;
    });
    var marks = [];
    nodes.forEach(function (node, i) {
      var inNode = [];
      // From the end backwards, so earlier offsets stay valid in the shrinking head node.
      perNode[i].sort(function (x, y) { return y[0] - x[0]; }).forEach(function (r) {
        var middle = node.splitText(r[0]);
        middle.splitText(r[1] - r[0]);
        var mark = document.createElement("mark");
        mark.className = "hl";
        middle.parentNode.replaceChild(mark, middle);
        mark.appendChild(middle);
        inNode.unshift(mark);
      });
      marks.push.apply(marks, inNode);
    });
    return marks; // in document order
  }

  function clear(marks, bar) {
    marks.forEach(function (mark) {
      var parent = mark.parentNode;
      if (!parent) return;
      while (mark.firstChild) parent.insertBefore(mark.firstChild, mark);
      parent.removeChild(mark);
      parent.normalize();
    });
    if (bar.parentNode) bar.parentNode.removeChild(bar);
    var url = new URL(location.href);
    url.searchParams.delete("hl");
    history.replaceState(history.state, "", url);
  }

  function addStyles() {
    var href = new URL("search.css", assets).href;
    if (document.querySelector('link[href="' + href + '"]')) return;
    var link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = href;
    document.head.appendChild(link);
  }

  Promise.all([import(new URL("rank.js", assets).href), import(new URL("fold.js", assets).href)]).then(function (mods) {
    return mods[1].fold(hl).then(function (folded) { return [mods[0], folded]; });
  }).then(function (loaded) {
    var rank = loaded[0];
    var query = rank.parseQuery(loaded[1]);
    if (query.empty) return;
    var nodes = textNodes(article);
    var text = nodes.map(function (n) { return n.nodeValue; }).join("");
    var matches = rank.findMatches(text, query.terms);
    var partial = false;
    if (matches.length === 0) {
      // The article came up for the query's words, not the whole query: mark those instead (电解 … 厂).
      matches = rank.findMatches(text, rank.markTerms(query, false, text));
      partial = true;
    }
    if (matches.length === 0) return;
    addStyles();
    var marks = wrap(nodes, matches);
    var bar = document.createElement("div");
    bar.className = "hl-bar";
    bar.setAttribute("role", "status");
    var label = document.createElement("span");
    var shown = query.terms.join(" ");
    label.textContent = partial ? "已标出“" + shown + "”中的字词，共 " + matches.length + " 处" : "已标出“" + shown + "”，共 " + matches.length + " 处";
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = "清除高亮";
    button.addEventListener("click", function () { clear(marks, bar); });
    bar.appendChild(label);
    bar.appendChild(button);
    article.parentNode.insertBefore(bar, article);
    marks[0].scrollIntoView({ block: "center" });
  }).catch(function (e) {
    console.error(e);
  });
})();
