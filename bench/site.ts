// Benchmark of the report site: how long a build takes (against running every data loader on its own, the
// work Framework cannot avoid), and per page, in Chromium with an empty cache, the bytes transferred and the
// time to the first chart. Aim: every page under 1 MB and its first chart under 1 s, served locally.
//
//   npm run bench:site            (on the default warehouse; run `npm start` once first)
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { launchChromium } from "../test/browser.ts";
import { serveSite } from "../pipeline/serve.ts";
import { buildSite } from "../pipeline/site.ts";
import { openWarehouse } from "../warehouse/connection.ts";
import { projectRoot } from "../warehouse/project.ts";

const PAGES = ["/", "/health/", "/health/FY330106", "/portrait", "/warnings", "/focus", "/analysis", "/reports/", "/reports/FY330106", "/coordination", "/data"];
const seconds = (from: number) => (performance.now() - from) / 1000;

async function main(): Promise<void> {
  const warehouse = await openWarehouse();
  const out = mkdtempSync(join(tmpdir(), "jiandu-bench-site-"));
  try {
    const { rows } = await sql<{ present: boolean }>`select to_regclass('marts.indicator_values') is not null as present`.execute(warehouse.db);
    if (!rows[0]?.present) throw new Error("the warehouse has no marts yet: run `npm start` (or `jiandu run`) first");

    // Baseline: every data loader run once, one after another, straight to /dev/null.
    const loaders = readdirSync(join(projectRoot, "notebooks", "data")).filter((f) => /\.(json|zip)\.ts$/.test(f));
    const tsx = join(projectRoot, "node_modules", ".bin", "tsx");
    let started = performance.now();
    for (const loader of loaders) {
      execFileSync(tsx, [join(projectRoot, "notebooks", "data", loader)], { env: { ...process.env, DATABASE_URL: warehouse.url }, stdio: ["ignore", "ignore", "inherit"] });
    }
    const loadersAlone = seconds(started);

    const builds: number[] = [];
    for (const k of [1, 2]) {
      started = performance.now();
      const build = await buildSite({ outDir: join(out, `build-${k}`), databaseUrl: warehouse.url });
      builds.push(seconds(started));
      if (k === 1) process.stdout.write(`site: ${build.pages} pages, ${build.files} files, ${(build.bytes / 1e6).toFixed(1)} MB on disk\n`);
    }
    process.stdout.write(
      `build: ${builds.map((b) => `${b.toFixed(1)} s`).join(", ")}; the ${loaders.length} data loaders alone ${loadersAlone.toFixed(1)} s; ` +
        `build ÷ loaders ${(builds[1]! / loadersAlone).toFixed(2)}\n`,
    );

    const server = await serveSite({ siteDir: join(out, "build-2"), port: 0 });
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const browser = await launchChromium();
    process.stdout.write(`${"page".padEnd(20)}${"transferred".padStart(13)}${"first chart".padStart(13)}${"requests".padStart(10)}  aim\n`);
    for (const path of PAGES) {
      // A new context per page: an empty cache, as for a deputy opening the link.
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send("Network.enable");
      let bytes = 0;
      let requests = 0;
      cdp.on("Network.loadingFinished", (event: { encodedDataLength: number }) => {
        bytes += event.encodedDataLength;
        requests++;
      });
      await page.goto(base + path);
      await page.waitForSelector("#observablehq-main svg, #observablehq-main .agency-list", { timeout: 30_000 });
      const firstChart = (await page.evaluate("performance.now()")) as number;
      await page.waitForLoadState("networkidle");
      const ok = bytes < 1e6 && firstChart < 1000;
      process.stdout.write(
        `${path.padEnd(20)}${`${(bytes / 1024).toFixed(0)} KB`.padStart(13)}${`${firstChart.toFixed(0)} ms`.padStart(13)}${String(requests).padStart(10)}  ${ok ? "✓" : "✗"}\n`,
      );
      await context.close();
    }
    await browser.close();
    server.close();
  } finally {
    rmSync(out, { recursive: true, force: true });
    await warehouse.close();
  }
}

await main();
