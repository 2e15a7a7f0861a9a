// Cross-stage: landed files → Dataform staging. Latest version per key across loads, no
// personal data past staging, and incremental builds equal to a full refresh.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contracts } from "../ingest/contracts/index.ts";
import { ingestPaths, referenceDir } from "../ingest/ingest.ts";
import { compileOrThrow } from "../warehouse/dataform/compile.ts";
import { runTransform } from "../warehouse/dataform/run.ts";
import { testWarehouse, type TestWarehouse } from "./warehouse.ts";

let warehouse: TestWarehouse;
const dir = mkdtempSync(join(tmpdir(), "jiandu-staging-"));
const HEADER = "案号,承办法院代码,案件类型,审级,立案日期,结案日期,结案方式,是否审限内结案,当事人,当事人身份证号";

function courtFile(name: string, rows: string[]): string {
  const path = join(dir, "court_cases", name);
  writeFileSync(path, [HEADER, ...rows].join("\n"));
  return path;
}

async function stagingSnapshot(table: string): Promise<unknown[]> {
  return warehouse.rows(`select * from staging.${table} order by 1, 2`);
}

beforeAll(async () => {
  warehouse = await testWarehouse();
  await ingestPaths(warehouse, [referenceDir], { withReference: false });
  const { mkdirSync } = await import("node:fs");
  mkdirSync(join(dir, "court_cases"), { recursive: true });
});

afterAll(async () => {
  await warehouse.close();
});

const transform = (options: { fullRefresh?: boolean } = {}) =>
  runTransform(warehouse, compileOrThrow(), { tags: ["staging"], ...options });

describe("staging models", () => {
  it("keep the latest version of each case across loads and drop personal data", async () => {
    await ingestPaths(warehouse, [
      courtFile("FY330106_2024-H1.csv", [
        "(2024)浙0106民初1号,FY330106,民事,一审,2024-03-01,,,,张三,330106199001011234",
        "(2024)浙0106民初2号,FY330106,民事,一审,2024-03-02,2024-04-01,调解,是,李四,330106199001011235",
      ]),
    ]);
    const first = await transform();
    expect(first.status).toBe("succeeded");
    expect(await warehouse.rows("select case_no, closed_on::text from staging.stg_court_cases order by 1")).toEqual([
      { case_no: "(2024)浙0106民初1号", closed_on: null },
      { case_no: "(2024)浙0106民初2号", closed_on: "2024-04-01" },
    ]);

    // The year-end export sends case 1 again, now closed, and a new case 3.
    await ingestPaths(warehouse, [
      courtFile("FY330106_2024.csv", [
        "(2024)浙0106民初1号,FY330106,民事,一审,2024-03-01,2024-08-30,判决,否,张三,330106199001011234",
        "(2024)浙0106民初3号,FY330106,刑事,一审,2024-09-01,2024-10-01,判决,是,王五,330106199001011236",
      ]),
    ]);
    const second = await transform();
    expect(second.status).toBe("succeeded");
    expect(await warehouse.rows("select case_no, closed_on::text, closing_method, within_term from staging.stg_court_cases order by 1")).toEqual([
      { case_no: "(2024)浙0106民初1号", closed_on: "2024-08-30", closing_method: "判决", within_term: false },
      { case_no: "(2024)浙0106民初2号", closed_on: "2024-04-01", closing_method: "调解", within_term: true },
      { case_no: "(2024)浙0106民初3号", closed_on: "2024-10-01", closing_method: "判决", within_term: true },
    ]);
  });

  it("give the same tables incrementally as with --full-refresh", async () => {
    const incremental = await stagingSnapshot("stg_court_cases");
    const refreshed = await transform({ fullRefresh: true });
    expect(refreshed.status).toBe("succeeded");
    expect(await stagingSnapshot("stg_court_cases")).toEqual(incremental);
  });

  it("have no column that a contract marks as personal data", async () => {
    const personal = contracts.flatMap((c) => Object.entries(c.columns).filter(([, s]) => s.personal).map(([name]) => name));
    const columns = await warehouse.rows<{ table_name: string; column_name: string }>(
      "select table_name, column_name from information_schema.columns where table_schema = 'staging'",
    );
    expect(columns.length).toBeGreaterThan(100);
    expect(columns.filter((c) => personal.includes(c.column_name))).toEqual([]);
    const names = await warehouse.rows("select count(*)::int as n from staging.stg_court_cases where row_to_json(stg_court_cases)::text ~ '张三|330106199001011234'");
    expect(names).toEqual([{ n: 0 }]);
  });

  it("fail the relationship test when a raw row names no loaded file", async () => {
    // Raw tables have no foreign key (migration 0008): the assertion is what catches such a row.
    const [failed] = await warehouse.rows<{ load_id: number }>(
      `insert into ops.ingest_log (source, file_name, file_path, file_hash, file_bytes, status, started_at)
       values ('court_cases', 'broken.csv', '/x/broken.csv', 'not-a-real-hash', 1, 'failed', now()) returning load_id::int`,
    );
    await warehouse.rows(
      "insert into raw.court_cases (load_id, source_line, case_no, agency_code, case_type, procedure, filed_on) values ($1, 2, 'x', 'FY330106', '民事', '一审', '2024-01-01')",
      [failed!.load_id],
    );
    const result = await transform();
    const check = result.results.find((r) => r.name.endsWith("raw_rows_come_from_loaded_files"));
    expect(check?.status).toBe("failed");
    expect(result.status).toBe("failed");
    await warehouse.rows("delete from raw.court_cases where load_id = $1", [failed!.load_id]);
    expect((await transform()).status).toBe("succeeded");
  });
});
