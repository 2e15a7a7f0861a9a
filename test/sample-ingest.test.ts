// Cross-stage: the sample generator's files land with exactly the counts its manifest promises.
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestPaths } from "../ingest/ingest.ts";
import type { LoadReport } from "../ingest/load.ts";
import { generateSample, type SampleManifest } from "../ingest/sample/generate.ts";
import { testWarehouse, type TestWarehouse } from "./warehouse.ts";

let warehouse: TestWarehouse;
let manifest: SampleManifest;
let reports: LoadReport[];
const out = join(mkdtempSync(join(tmpdir(), "jiandu-sample-")), "inbox");

beforeAll(async () => {
  warehouse = await testWarehouse();
  manifest = await generateSample({ out, years: 2, scale: 0.03, seed: 7 });
  reports = await ingestPaths(warehouse, [out]);
}, 300_000);

afterAll(async () => {
  await warehouse.close();
});

describe("jiandu sample → jiandu ingest", () => {
  it("writes every source in the agencies' formats, with planted problems and deliberately bad rows", () => {
    const sources = new Set(manifest.files.map((f) => f.source));
    expect(sources.size).toBe(15);
    expect(new Set(manifest.files.map((f) => `${f.format}${f.encoding ? `/${f.encoding}` : ""}`))).toEqual(
      new Set(["csv/gbk", "csv/utf-8-bom", "csv/utf-8", "xlsx", "ndjson", "arrow"]),
    );
    expect(manifest.planted.map((p) => p.id)).toEqual([
      "court-on-time-decay",
      "procuratorate-detention-rise",
      "police-complaints-spike",
      "court-enforcement-hot",
      "justice-mediation-decline",
    ]);
    expect(manifest.files.flatMap((f) => f.bad_rows)).toEqual(
      expect.arrayContaining(["wrong column count", "unknown agency code", "impossible date", "duplicate key", "negative count"]),
    );
  });

  it("lands every file: rows in ops.ingest_log = rows written − rows meant to be rejected", async () => {
    expect(reports.filter((r) => r.status !== "loaded")).toEqual([]);
    const logged = await warehouse.rows<{ file_path: string; rows_loaded: number; rows_rejected: number }>(
      "select file_path, rows_loaded, rows_rejected from ops.ingest_log where status = 'loaded' and source not like 'ref\\_%'",
    );
    const byPath = new Map(logged.map((l) => [l.file_path, l]));
    for (const file of manifest.files) {
      const log = byPath.get(join(out, file.path));
      expect(log, file.path).toBeDefined();
      expect({ path: file.path, loaded: log!.rows_loaded, rejected: log!.rows_rejected }).toEqual({
        path: file.path,
        loaded: file.rows - file.expected_rejected,
        rejected: file.expected_rejected,
      });
    }
    expect(logged).toHaveLength(manifest.files.length);
  });

  it("gives every rejected row a reason, a line and the raw text", async () => {
    const rejected = await warehouse.rows<{ reason: string; line: number; raw: string; file_name: string }>(
      "select reason, line, raw, file_name from ops.rejected_rows",
    );
    expect(rejected.length).toBe(manifest.files.reduce((sum, f) => sum + f.expected_rejected, 0));
    for (const r of rejected) {
      expect(r.reason.length).toBeGreaterThan(5);
      expect(r.line).toBeGreaterThan(1);
      expect(r.raw.length).toBeGreaterThan(0);
    }
  });

  it("keeps Chinese text intact through every format (no replacement characters)", async () => {
    for (const table of ["court_cases", "procuratorate_cases", "petitions", "deputy_motions", "transparency_scores", "work_dynamics"]) {
      const [row] = await warehouse.rows<{ broken: number }>(
        `select count(*)::int as broken from raw.${table} t where t::text like '%' || chr(65533) || '%'`,
      );
      expect(row!.broken, table).toBe(0);
    }
  });

  it("is deterministic: the same seed and options write the same manifest", async () => {
    const again = join(mkdtempSync(join(tmpdir(), "jiandu-sample-")), "inbox");
    const second = await generateSample({ out: again, years: 2, scale: 0.03, seed: 7 });
    expect(second).toEqual(manifest);
    expect(readdirSync(again).sort()).toEqual(readdirSync(out).sort());
  }, 120_000);
});
