/**
 * prefixedUrl is the templates' `href` filter. It must give what Eleventy's own `url` filter gives for every link
 * this site makes (the page tests' link checker covers whole builds at / and /archive/); here, its edges against
 * the built-in itself.
 */
import { describe, expect, it } from "vitest";
import { prefixedUrl } from "../../src/site/site-keys.ts";

// Eleventy's package exports hide its filters; load the file itself (a path string, so TypeScript types it here).
const BUILT_IN = new URL("../../node_modules/@11ty/eleventy/src/Filters/Url.js", import.meta.url).href;
const eleventyUrl = ((await import(BUILT_IN)) as { default: (url: string, pathPrefix: string) => string }).default;

const LINKS = ["/", "", "/units/", "/jinlv/2024-01/01/", "/assets/style.css", "/data/articles.json", "/search/?q=%E7%94%B5",
  "https://example.org/x/", "//cdn.example.org/a.js", "mailto:editor@example.org", "relative/path/"];

describe("prefixedUrl (the href filter)", () => {
  for (const prefix of ["/", "/archive/", "/报刊/"]) {
    it(`agrees with Eleventy's url filter under "${prefix}"`, () => {
      const href = prefixedUrl(prefix);
      for (const link of LINKS) expect(href(link), link).toBe(eleventyUrl(link, prefix));
    });
  }
  it("answers a missing link as the built-in does", () => {
    expect(prefixedUrl("/archive/")(null)).toBe(eleventyUrl(null as unknown as string, "/archive/"));
    expect(prefixedUrl("/archive/")(undefined)).toBe(eleventyUrl(undefined as unknown as string, "/archive/"));
  });
});
