// Loads Pagefind's own browser bundle (pagefind.js, over HTTP from a served build) into Node, set up the way a
// page of the site sets it up, so tests search exactly as a reader's browser does. Needs
// `node --experimental-network-imports` (Node 20).
//
// Two browser facts matter: Pagefind reads the page language from <html lang>, and only for zh does it split the
// query into words (电解厂 → 电解 厂) — without that, Node would search a different query than the browser; and it
// fetches its index with root-relative URLs (/pagefind/…), which Node's fetch needs resolved against the site.

import { openIndex } from "../../../templates/assets/pagefind-shards.js";

/** @param {string} siteUrl the site root, prefix included, ending in "/" */
export async function loadPagefind(siteUrl, options = {}) {
  const root = new URL(siteUrl);
  globalThis.document ??= {
    currentScript: null,
    querySelector: (sel) => (sel === "html" ? { getAttribute: (name) => (name === "lang" ? "zh-CN" : null) } : null),
  };
  globalThis.window ??= { location: root };
  const fetchFromNode = globalThis.fetch;
  globalThis.fetch = (input, init) => fetchFromNode(new URL(String(input), root), init);
  // The same opener the search page uses: shards.json, the first shard's bundle, the others merged in.
  const pagefind = await openIndex(root.pathname, { importModule: (u) => import(new URL(u, root).href) });
  if (pagefind && Object.keys(options).length > 0) await pagefind.options(options);
  return pagefind;
}
