// The report site end to end: the sample landed, modelled and scored on PostgreSQL, the site built by the
// pipeline (offline) and published, served by `jiandu serve`'s server, every page driven in Chromium.
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, statSync, writeFileSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dataContracts } from "../ingest/contracts/index.ts";
import { generateSample } from "../ingest/sample/generate.ts";
import { runPipeline, type PipelineResult } from "../pipeline/run.ts";
import { buildsDir, publishedBuild, publishedPath } from "../pipeline/publish.ts";
import { serveSite } from "../pipeline/serve.ts";
import { quoteIdent } from "../warehouse/connection.ts";
import { projectRoot } from "../warehouse/project.ts";
import { launchChromium } from "./browser.ts";
import { dataformProject, testWarehouse, type TestWarehouse } from "./warehouse.ts";

let warehouse: TestWarehouse;
let siteDir: string;
let first: PipelineResult;
let server: Server;
let base: string;
let browser: Browser;
const screenshots = join(projectRoot, "screenshots");

beforeAll(async () => {
  warehouse = await testWarehouse();
  const inbox = join(mkdtempSync(join(tmpdir(), "jiandu-site-")), "inbox");
  await generateSample({ out: inbox, years: 2 });
  siteDir = mkdtempSync(join(tmpdir(), "jiandu-site-out-"));
  first = await runPipeline(warehouse, { inbox, siteDir });
  server = await serveSite({ siteDir: publishedPath(siteDir), port: 0 });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
  mkdirSync(screenshots, { recursive: true });
}, 900_000);

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await warehouse?.close();
});

const PAGES = ["/", "/health/", "/health/FY330106", "/portrait", "/warnings", "/focus", "/analysis", "/reports/", "/reports/JC330110", "/coordination", "/data"];

interface Visit {
  page: Page;
  problems: string[];
  offsite: string[];
}

/** Open a page, collecting console errors, page errors, failed or non-local requests. */
async function visit(path: string, viewport = { width: 1280, height: 900 }): Promise<Visit> {
  const page = await browser.newPage({ viewport });
  const problems: string[] = [];
  const offsite: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()}`));
  page.on("response", (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  page.on("request", (r) => {
    const url = new URL(r.url());
    if (url.protocol !== "data:" && url.hostname !== "127.0.0.1") offsite.push(r.url());
  });
  await page.goto(base + path, { waitUntil: "networkidle" });
  // Framework renders cells as their data arrives; a chart or the figures are the sign it is done.
  await page.waitForFunction('!document.querySelector(".observablehq--loading")', undefined, { timeout: 20_000 });
  return { page, problems, offsite };
}

/** The single row of an aggregate query. */
async function one<T>(statement: string, params: unknown[] = []): Promise<T> {
  const [row] = await warehouse.rows<T>(statement, params);
  if (!row) throw new Error(`no row: ${statement}`);
  return row;
}

const figure = async (page: Page, name: string) => Number((await page.locator(`[data-figure="${name}"]`).first().textContent())?.replace(/[^\d.-]/g, ""));

describe("the report site", () => {
  it("was built and published by the pipeline", () => {
    expect(first.error).toBeNull();
    expect(first.stages.map((s) => `${s.stage}:${s.status}`)).toEqual([
      "ingest:succeeded",
      "transform:succeeded",
      "score:succeeded",
      "site:succeeded",
      "publish:succeeded",
    ]);
    const site = first.stages.find((s) => s.stage === "site")!;
    // Nine sections, a health sheet per supervised agency, a micro-report per court and procuratorate.
    expect(site.counts.pages).toBeGreaterThanOrEqual(9 + 56 + 28);
    expect(publishedBuild(siteDir)).not.toBeNull();
  });

  it("opens every page at desktop and phone width without errors, and nothing leaves localhost", async () => {
    for (const [width, height, device] of [
      [1280, 900, "desktop"],
      [390, 844, "phone"],
    ] as const) {
      for (const path of PAGES) {
        const { page, problems, offsite } = await visit(path, { width, height });
        expect(problems, `${device} ${path}`).toEqual([]);
        expect(offsite, `${device} ${path}`).toEqual([]);
        expect(await page.locator("h1").first().textContent(), path).toBeTruthy();
        expect(await page.evaluate("document.documentElement.lang"), path).toBe("zh-CN");
        expect(await page.locator("#observablehq-sidebar-toggle").getAttribute("title"), path).toMatch(/^展开或收起目录/);
        // Every page but the two indexes draws at least one chart (Plot renders SVG).
        if (!path.endsWith("/") || path === "/") expect(await page.locator("svg").count(), `${device} ${path}`).toBeGreaterThan(0);
        const file = `${path.replace(/^\/|\/$/g, "").replace(/\//g, "-") || "index"}-${device}.png`;
        await page.screenshot({ path: join(screenshots, file), fullPage: true });
        await page.close();
      }
    }
  }, 600_000);

  it("shows the same key figures as the database", async () => {
    const { month } = await one<{ month: string }>("select max(period_start)::text as month from scoring.indicator_colours where grain = 'month'");
    const colours = async (where: string, params: unknown[] = []) =>
      Object.fromEntries(
        (
          await warehouse.rows<{ colour: string; n: number }>(
            `select colour, count(*)::int as n from scoring.indicator_colours c where grain = 'month' and period_start = $1::date ${where} group by colour`,
            [month, ...params],
          )
        ).map((r) => [r.colour, r.n]),
      );

    const overview = await visit("/");
    const all = await colours("");
    expect(await figure(overview.page, "red-count")).toBe(all.red ?? 0);
    expect(await figure(overview.page, "yellow-count")).toBe(all.yellow ?? 0);
    const { warnings } = await one<{ warnings: number }>(
      "select count(*)::int as warnings from scoring.agency_judgments where grain = 'month' and period_start = $1::date and judgment = 'warning'",
      [month],
    );
    expect(await figure(overview.page, "warning-agencies")).toBe(warnings);
    const { total } = await one<{ total: number }>("select count(*)::int as total from scoring.warnings");
    expect(await figure(overview.page, "new-warnings")).toBe(total); // first publish: every warning is new
    await overview.page.close();

    const sheet = await visit("/health/FY330106");
    const mine = await colours("and agency_code = $2", ["FY330106"]);
    expect(await figure(sheet.page, "red")).toBe(mine.red ?? 0);
    expect(await figure(sheet.page, "yellow")).toBe(mine.yellow ?? 0);
    expect(await figure(sheet.page, "green")).toBe(mine.green ?? 0);
    // The planted problem: this court's on-time closing rate is out of its interval in the latest month.
    const [ct02] = await warehouse.rows<{ colour: string }>(
      "select colour from scoring.indicator_colours where agency_code = 'FY330106' and indicator_code = 'CT02' and grain = 'month' and period_start = $1::date",
      [month],
    );
    expect(await sheet.page.locator('[data-indicator="CT02"]').getAttribute("data-colour")).toBe(ct02!.colour);
    await sheet.page.close();

    const coordination = await visit("/coordination");
    for (const state of ["open", "answered", "overdue", "closed"]) {
      const { n } = await one<{ n: number }>("select count(*)::int as n from scoring.response_requests where state = $1", [state]);
      expect(await figure(coordination.page, `requests-${state}`), state).toBe(n);
    }
    await coordination.page.close();

    const data = await visit("/data");
    const { rejected } = await one<{ rejected: number }>("select count(*)::int as rejected from ops.rejected_rows");
    expect(rejected).toBeGreaterThan(0);
    expect(await figure(data.page, "rejected-total")).toBe(rejected);
    await data.page.close();

    const focus = await visit("/focus");
    const { issues } = await one<{ issues: number }>("select count(*)::int as issues from marts.focus_issues");
    expect(await figure(focus.page, "focus-count")).toBe(issues);
    await focus.page.close();
  });

  it("changes the view when a filter changes", async () => {
    const board = await visit("/warnings");
    const { month } = await one<{ month: string }>("select max(period_start)::text as month from scoring.indicator_colours where grain = 'month'");
    const redOf = async (type: string) =>
      (
        await warehouse.rows<{ n: number }>(
          `select count(*)::int as n from scoring.indicator_colours c join staging.stg_ref_agencies a using (agency_code)
            where c.grain = 'month' and c.period_start = $1::date and a.agency_type = $2 and c.colour = 'red'`,
          [month, type],
        )
      )[0]!.n;
    expect(await figure(board.page, "grid-red")).toBe(await redOf("court"));
    const courtRows = await board.page.locator("svg [aria-label='y-axis tick label'] text").allTextContents();
    expect(courtRows.every((name) => name.includes("法院"))).toBe(true);
    await board.page.getByLabel("机关类别").selectOption({ label: "检察院" });
    await board.page.waitForFunction(`document.querySelector("svg [aria-label='y-axis tick label'] text")?.textContent?.includes("检察院")`);
    expect(await figure(board.page, "grid-red")).toBe(await redOf("procuratorate"));
    const procuratorateRows = await board.page.locator("svg [aria-label='y-axis tick label'] text").allTextContents();
    expect(procuratorateRows.length).toBeGreaterThan(0);
    expect(procuratorateRows.every((name) => name.includes("检察院"))).toBe(true);
    await board.page.close();
  });

  it("emits no personal data in any file of the built site", async () => {
    const root = join(buildsDir(siteDir), publishedBuild(siteDir)!);
    // Every name the sample put into a column its contract marks as a person's name.
    const names: string[] = [];
    for (const contract of dataContracts) {
      for (const [column, spec] of Object.entries(contract.columns)) {
        if (spec.personal !== "name") continue;
        const rows = await warehouse.rows<{ name: string }>(
          `select distinct ${quoteIdent(column)} as name from raw.${quoteIdent(contract.name)} where ${quoteIdent(column)} is not null`,
        );
        for (const row of rows) names.push(row.name);
      }
    }
    expect(names.length).toBeGreaterThan(100);
    const nameSet = new Set(names);
    let shortest = Infinity;
    let longest = 0;
    for (const name of nameSet) {
      shortest = Math.min(shortest, name.length);
      longest = Math.max(longest, name.length);
    }
    const idNumber = /(?<![0-9])[1-9][0-9]{5}(?:19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx](?![0-9])/;
    const mobile = /(?<![0-9])1[3-9][0-9]{9}(?![0-9])/;
    const personalDataIn = (text: string): string[] => {
      const found: string[] = [];
      const id = idNumber.exec(text);
      if (id) found.push(`ID-number pattern ${id[0]}`);
      const phone = mobile.exec(text);
      if (phone) found.push(`mobile-number pattern ${phone[0]}`);
      // Every substring as long as a name, looked up in the set: one pass per file, not one per name.
      for (let i = 0; i < text.length; i++) {
        if (text.charCodeAt(i) < 0x3400) continue; // names start with a CJK character
        for (let length = shortest; length <= longest; length++) {
          const candidate = text.slice(i, i + length);
          if (nameSet.has(candidate)) found.push(`sample name ${candidate}`);
        }
      }
      return found;
    };
    // The scan itself must be able to fail: a page that leaked a petitioner would be caught.
    const leaked = names[0]!;
    // (A three-character name may contain a two-character one, which is reported too.)
    expect(personalDataIn(`<p>信访人${leaked}，身份证号330106199001011234，电话13800001111</p>`)).toEqual(
      expect.arrayContaining(["ID-number pattern 330106199001011234", "mobile-number pattern 13800001111", `sample name ${leaked}`]),
    );
    const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
    const files = walk(root);
    expect(files.length).toBeGreaterThan(100);
    const hits = files.flatMap((file) => personalDataIn(readFileSync(file, "utf8")).map((hit) => `${relative(root, file)}: ${hit}`));
    expect(hits).toEqual([]);
  });
});

/** Every file and the published link, hashed: "byte-identical" made checkable. */
function fingerprint(dir: string): string {
  const hash = createHash("sha256");
  hash.update(readlinkSync(publishedPath(dir)));
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(folder, entry.name);
      if (entry.isSymbolicLink()) continue; // `current`: its target is hashed above
      if (entry.isDirectory()) walk(path);
      else hash.update(relative(dir, path)).update(readFileSync(path)).update(String(statSync(path).mtimeMs));
    }
  };
  walk(dir);
  return hash.digest("hex");
}

describe("a failing stage leaves the published site as it was", () => {
  async function expectFailedRunKeepsSite(run: () => Promise<PipelineResult>, reason: RegExp, on: TestWarehouse = warehouse): Promise<void> {
    const before = fingerprint(siteDir);
    const result = await run();
    expect(result.status).toBe("failed");
    expect(result.error).toMatch(reason);
    expect(result.stages.find((s) => s.stage === "publish")?.status ?? "skipped").not.toBe("succeeded");
    expect(fingerprint(siteDir)).toBe(before);
    const [row] = await on.rows<{ status: string; error: string }>("select status, error from ops.pipeline_runs where run_id = $1", [result.runId]);
    expect(row).toEqual({ status: "failed", error: result.error });
  }

  it("bad SQL in a model", async () => {
    const projectDir = dataformProject({ "definitions/broken.sqlx": 'config { type: "table", schema: "scratch" }\nselect no_such_column from no_such_table' });
    await expectFailedRunKeepsSite(() => runPipeline(warehouse, { from: "transform", projectDir, siteDir }), /transform failed: .*no_such_table/);
  });

  it("a failed assertion", async () => {
    const projectDir = dataformProject({
      "definitions/always_fails.sqlx": 'config { type: "assertion" }\nselect 1 as problem',
    });
    await expectFailedRunKeepsSite(() => runPipeline(warehouse, { from: "transform", projectDir, siteDir }), /transform failed: .*always_fails/);
  });

  it("an invalid scoring configuration", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "jiandu-scoring-")), "scoring.config.json");
    writeFileSync(file, JSON.stringify({ funnel: { alertZ: -1 } }));
    await expectFailedRunKeepsSite(() => runPipeline(warehouse, { from: "score", scoringConfig: file, siteDir }), /score failed: .*scoring\.config\.json.*funnel\.alertZ/);
  });

  it("a data loader that fails during the site build", async () => {
    // A warehouse with the ops tables but no marts: the first loader's query fails.
    const empty = await testWarehouse();
    try {
      const builds = readdirSync(buildsDir(siteDir)).length;
      await expectFailedRunKeepsSite(
        () => runPipeline(empty, { from: "site", siteDir }),
        /site failed: [\s\S]*data loader .*agencies\.json\.ts failed: .*stg_ref_agencies/,
        empty,
      );
      expect(readdirSync(buildsDir(siteDir))).toHaveLength(builds); // the half-built folder is gone
      const [build] = await empty.rows<{ status: string }>("select status from ops.site_builds");
      expect(build?.status).toBe("failed");
    } finally {
      await empty.close();
    }
  });
});
