// Pagefind UI for /search/, with Chinese labels, filters and newest-first order. Reads ?q= so the header
// search box (a plain GET form) lands here with the query already run.
(function () {
  "use strict";
  // Filter and metadata keys stay English in the index (they are an API: paper, unit, year, kind, date);
  // readers see them in Chinese.
  var LABELS = { paper: "报纸", unit: "单位", year: "年份", kind: "类别", date: "日期" };

  // Result tags are rendered as "<key>: <value>" from result.meta; give them Chinese keys, title excluded.
  function processResult(result) {
    var m = result.meta || {};
    var meta = { title: m.title };
    ["date", "paper", "unit"].forEach(function (k) { if (m[k]) meta[LABELS[k]] = m[k]; });
    result.meta = meta;
    return result;
  }

  // Filter group names come straight from the keys; relabel their text nodes once Pagefind has drawn them.
  function relabelFilters(root) {
    var nodes = root.querySelectorAll(".pagefind-ui__filter-name, .pagefind-ui__filter-group-label");
    Array.prototype.forEach.call(nodes, function (el) {
      Array.prototype.forEach.call(el.childNodes, function (n) {
        var key = n.nodeType === 3 ? n.nodeValue.trim().toLowerCase() : "";
        if (LABELS[key]) n.nodeValue = LABELS[key];
      });
    });
  }
  function start() {
    var el = document.getElementById("search");
    if (!el || typeof window.PagefindUI !== "function") return;
    var base = el.getAttribute("data-base") || "/";
    var ui = new window.PagefindUI({
      element: "#search",
      baseUrl: base,
      bundlePath: base + "pagefind/",
      showSubResults: true,
      showImages: false,
      showEmptyFilters: false,
      // On a phone the filters sit above the results; keep them closed there so results show first.
      openFilters: window.matchMedia("(min-width: 50em)").matches ? ["paper"] : [],
      pageSize: 10,
      excerptLength: 40,
      sort: { date: "desc" },
      processResult: processResult,
      autofocus: !new URLSearchParams(location.search).get("q"),
      translations: {
        placeholder: "搜索文章、人名、单位",
        clear_search: "清除",
        load_more: "加载更多结果",
        search_label: "搜索本站",
        filters_label: "筛选",
        zero_results: "没有找到与“[SEARCH_TERM]”相关的文章",
        many_results: "找到 [COUNT] 篇与“[SEARCH_TERM]”相关的文章",
        one_result: "找到 1 篇与“[SEARCH_TERM]”相关的文章",
        alt_search: "没有找到“[SEARCH_TERM]”，以下是“[DIFFERENT_TERM]”的结果",
        search_suggestion: "没有找到“[SEARCH_TERM]”，可以试试：",
        searching: "正在搜索“[SEARCH_TERM]”……"
      }
    });
    new MutationObserver(function () { relabelFilters(el); }).observe(el, { childList: true, subtree: true });
    var q = new URLSearchParams(location.search).get("q");
    if (q && q.trim()) ui.triggerSearch(q.trim());
    // Keep the address bar in step with what is being searched, so a result list can be bookmarked or shared.
    el.addEventListener("input", function (ev) {
      var t = ev.target;
      if (!t || t.tagName !== "INPUT" || t.type !== "text") return;
      var url = new URL(location.href);
      if (t.value.trim()) url.searchParams.set("q", t.value.trim());
      else url.searchParams.delete("q");
      history.replaceState(null, "", url);
    });
    var header = document.getElementById("site-q");
    if (header && q) header.value = q;
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
