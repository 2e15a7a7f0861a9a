import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Server } from "node:http";
import { resolveSitePath, serveSite } from "./serve.ts";

let root: string;
let server: Server;
let base: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "jiandu-serve-"));
  const site = join(root, "builds", "b1");
  mkdirSync(join(site, "health"), { recursive: true });
  writeFileSync(join(site, "index.html"), "<h1>总览</h1>");
  writeFileSync(join(site, "warnings.html"), "<h1>三色预警</h1>");
  writeFileSync(join(site, "health", "index.html"), "<h1>体检单</h1>");
  writeFileSync(join(site, "health", "FY330106.html"), "<h1>西湖区法院</h1>");
  writeFileSync(join(site, "app.0123abcd.js"), "export const x = 1;".repeat(100));
  writeFileSync(join(root, "secret.txt"), "outside the site");
  symlinkSync(join("builds", "b1"), join(root, "current"));
  server = await serveSite({ siteDir: join(root, "current"), port: 0 });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("jiandu serve", () => {
  it("maps clean URLs to Framework's files", async () => {
    for (const [path, text] of [
      ["/", "总览"],
      ["/warnings", "三色预警"],
      ["/health/", "体检单"],
      ["/health/FY330106", "西湖区法院"],
    ] as const) {
      const response = await fetch(base + path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get("content-type")).toContain("text/html");
      expect(await response.text()).toContain(text);
    }
  });

  it("compresses text for clients that accept gzip and caches fingerprinted assets for good", async () => {
    const response = await fetch(`${base}/app.0123abcd.js`, { headers: { "accept-encoding": "gzip" } });
    expect(response.headers.get("cache-control")).toContain("immutable");
    // fetch decompresses transparently; the header says it went compressed.
    expect(response.headers.get("content-encoding")).toBe("gzip");
    expect(await response.text()).toContain("export const x");
    expect((await fetch(`${base}/warnings`)).headers.get("cache-control")).toBe("no-cache");
  });

  it("answers 404 for what is not there and never serves outside the site folder", async () => {
    expect((await fetch(`${base}/nope`)).status).toBe(404);
    expect((await fetch(`${base}/../secret.txt`)).status).toBe(404);
    expect((await fetch(`${base}/%2e%2e/secret.txt`)).status).toBe(404);
    expect(resolveSitePath(join(root, "builds", "b1"), "/../../secret.txt")).toBeNull();
    expect(resolveSitePath(join(root, "builds", "b1"), "/%E0%A4%A")).toBeNull();
  });

  it("refuses methods other than GET and HEAD", async () => {
    expect((await fetch(`${base}/`, { method: "POST" })).status).toBe(405);
    expect((await fetch(`${base}/`, { method: "HEAD" })).status).toBe(200);
  });
});
