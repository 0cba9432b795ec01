/**
 * The text Pagefind indexes on an article page, read from the built HTML: the element carrying
 * data-pagefind-body, minus every element marked data-pagefind-ignore, tags removed and entities decoded.
 * The search-quality test computes its expected results from this, independently of Pagefind and of rank.js.
 *
 * `blocks` keeps block elements (p, h1, figcaption …) apart, so a string is found only inside one block;
 * `joined` runs them together with spaces, which is also how Pagefind's fragment text reads.
 */
const VOID = new Set(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"]);
const BLOCK = new Set(["article", "aside", "blockquote", "div", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "li", "ol", "p", "section", "ul"]);
const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === "#") return String.fromCodePoint(e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

export interface PageText {
  blocks: string[];
  joined: string;
}

export function indexedText(html: string): PageText | null {
  const start = html.search(/<[a-z]+\b[^>]*\bdata-pagefind-body\b/i);
  if (start < 0) return null;
  const blocks: string[] = [];
  let current = "";
  let depth = 0;
  let ignoredAt = -1; // depth of the data-pagefind-ignore element being skipped
  const flush = () => {
    if (current.trim()) blocks.push(current.replace(/\s+/g, " ").trim());
    current = "";
  };
  const token = /<!--[\s\S]*?-->|<\/?([a-z][a-z0-9]*)\b[^>]*?(\/?)>|[^<]+/gi;
  token.lastIndex = start;
  for (let m = token.exec(html); m; m = token.exec(html)) {
    const [text, name, selfClose] = m;
    if (text.startsWith("<!--")) continue;
    if (!name) {
      if (ignoredAt < 0) current += decode(text);
      continue;
    }
    const tag = name.toLowerCase();
    const closing = text.startsWith("</");
    if (BLOCK.has(tag) && ignoredAt < 0) flush();
    else if (ignoredAt < 0) current += " ";
    if (closing) {
      depth--;
      if (depth === ignoredAt) ignoredAt = -1;
      if (depth === 0) break;
    } else if (!VOID.has(tag) && !selfClose) {
      if (ignoredAt < 0 && /\bdata-pagefind-ignore\b/i.test(text)) ignoredAt = depth;
      depth++;
    }
  }
  flush();
  return { blocks, joined: blocks.join(" ") };
}
