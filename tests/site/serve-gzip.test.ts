/**
 * `baokan serve` sends text gzipped to clients that accept it, as a static host does, and everything else as it is
 * on disk: Pagefind's index files are gzip blobs already and must reach Pagefind's own decompressor untouched.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serve, type RunningServer } from "../../src/site/serve.ts";

const dir = mkdtempSync(path.join(os.tmpdir(), "baokan-gzip-"));
let server: RunningServer;

beforeAll(async () => {
  mkdirSync(path.join(dir, "assets"), { recursive: true });
  mkdirSync(path.join(dir, "pagefind"), { recursive: true });
  writeFileSync(path.join(dir, "index.html"), `<!doctype html><html lang="zh-CN"><title>报刊档案</title><p>${"职工".repeat(500)}</p>`);
  writeFileSync(path.join(dir, "assets", "site.js"), `console.log(${JSON.stringify("搜索".repeat(300))});\n`);
  writeFileSync(path.join(dir, "pagefind", "x.pf_meta"), gzipSync("pagefind_dcd meta"));
  server = await serve({ dir, port: 0, host: "127.0.0.1", log: () => {} });
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

function get(sitePath: string, headers: Record<string, string> = {}, method = "GET"): Promise<{ headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http.request(new URL(sitePath, server.url), { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c)).on("end", () => resolve({ headers: res.headers, body: Buffer.concat(chunks) })).on("error", reject);
    }).on("error", reject).end();
  });
}

describe("serve", () => {
  it("gzips pages and scripts for a client that accepts gzip, and they unzip to the files", async () => {
    for (const [url, file] of [["/", "index.html"], ["/assets/site.js", "assets/site.js"]] as const) {
      const res = await get(url, { "Accept-Encoding": "gzip, deflate, br" });
      expect(res.headers["content-encoding"], url).toBe("gzip");
      expect(res.headers.vary).toBe("Accept-Encoding");
      const original = readFileSync(path.join(dir, file));
      expect(gunzipSync(res.body).equals(original), url).toBe(true);
      expect(res.body.length, url).toBeLessThan(original.length / 4);
    }
  });

  it("sends files as they are to a client that does not accept gzip, and for HEAD no body", async () => {
    const plain = await get("/assets/site.js");
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.body.equals(readFileSync(path.join(dir, "assets", "site.js")))).toBe(true);
    const head = await get("/", { "Accept-Encoding": "gzip" }, "HEAD");
    expect(head.body.length).toBe(0);
  });

  it("leaves Pagefind's index files as they are on disk", async () => {
    const res = await get("/pagefind/x.pf_meta", { "Accept-Encoding": "gzip" });
    expect(res.headers["content-encoding"]).toBeUndefined();
    expect(res.body.equals(readFileSync(path.join(dir, "pagefind", "x.pf_meta")))).toBe(true);
  });
});
