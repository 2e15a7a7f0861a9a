import { mkdtempSync, readdirSync, readlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tableFromArrays, tableToIPC } from "apache-arrow";
import iconv from "iconv-lite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testWarehouse, type TestWarehouse } from "../test/warehouse.ts";
import { contractFor } from "./contracts/index.ts";
import ExcelJS from "./exceljs.ts";
import { ingestPaths, referenceDir } from "./ingest.ts";
import { loadFile } from "./load.ts";

let warehouse: TestWarehouse;
const dir = mkdtempSync(join(tmpdir(), "jiandu-load-"));

beforeAll(async () => {
  warehouse = await testWarehouse();
  const reports = await ingestPaths(warehouse, [referenceDir], { withReference: false });
  expect(reports.every((r) => r.status === "loaded")).toBe(true);
});

afterAll(async () => {
  await warehouse.close();
});

const POLICE_HEADER = "单位代码,统计月份,刑事立案数,刑事破案数,涉警投诉数";

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function rejected(loadId: number) {
  return warehouse.rows<{ line: number; column_name: string | null; reason: string; raw: string }>(
    "select line, column_name, reason, raw from ops.rejected_rows where load_id = $1 order by line, column_name",
    [loadId],
  );
}

describe("loading a file", () => {
  it("lands good rows with their load id and line, and logs the load", async () => {
    const path = file("police_ok.csv", `${POLICE_HEADER}\nGA330106,2024-03,412,198,14\nGA330106,2024年4月,"1,204",５００,\n`);
    const report = await loadFile(warehouse, path, contractFor("police_monthly_reports"));
    expect(report).toMatchObject({ status: "loaded", rowsRead: 2, rowsLoaded: 2, rowsRejected: 0, format: "csv", encoding: "utf-8" });
    const rows = await warehouse.rows(
      "select source_line, agency_code, month::text, criminal_cases_filed, criminal_cases_solved, complaints from raw.police_monthly_reports where load_id = $1 order by source_line",
      [report.loadId],
    );
    expect(rows).toEqual([
      { source_line: 2, agency_code: "GA330106", month: "2024-03-01", criminal_cases_filed: 412, criminal_cases_solved: 198, complaints: 14 },
      // Full-width digits and thousands separators are numbers; a blank cell is null, not zero.
      { source_line: 3, agency_code: "GA330106", month: "2024-04-01", criminal_cases_filed: 1204, criminal_cases_solved: 500, complaints: null },
    ]);
    const [log] = await warehouse.rows("select status, rows_read, rows_loaded, rows_rejected, file_name, length(file_hash) as hash_length from ops.ingest_log where load_id = $1", [report.loadId]);
    expect(log).toEqual({ status: "loaded", rows_read: 2, rows_loaded: 2, rows_rejected: 0, file_name: "police_ok.csv", hash_length: 64 });
  });

  it("quarantines each kind of bad row with file, line, column and reason, and still lands the good rows", async () => {
    const path = file(
      "police_bad.csv",
      [
        POLICE_HEADER,
        "GA330106,2024-01,10,5,1", // good
        "GA330106,2024-02,10,5", // wrong column count
        "GA999999,2024-03,10,5,1", // unknown agency code
        "GA330106,2024-13,10,5,1", // impossible month
        "GA330106,2024-04,-3,5,1", // negative count
        "GA330106,2024-01,99,9,9", // duplicate key (agency, month) of line 2
        "GA330106,2024-05,12,6,=cmd|' /C calc'!A0", // a formula in a count column is a bad number, kept verbatim in raw
        "GA330106,2024-06,12,6,2", // good
      ].join("\n"),
    );
    const report = await loadFile(warehouse, path, contractFor("police_monthly_reports"));
    expect(report).toMatchObject({ status: "loaded", rowsRead: 8, rowsLoaded: 2, rowsRejected: 6 });
    const reasons = await rejected(report.loadId!);
    expect(reasons.map((r) => [r.line, r.column_name, r.reason])).toEqual([
      [3, null, "expected 5 columns, found 4"],
      [4, "agency_code", 'unknown agency code "GA999999"'],
      [5, "month", expect.stringMatching(/2024-13/)],
      [6, "criminal_cases_filed", "-3 is below the minimum 0"],
      [7, "agency_code,month", "duplicate key (agency_code=GA330106, month=2024-01-01) first seen on line 2"],
      [8, "complaints", expect.stringMatching(/not a (whole )?number/)],
    ]);
    expect(reasons.find((r) => r.line === 8)!.raw).toContain("=cmd|' /C calc'!A0");
    const landed = await warehouse.rows("select source_line, criminal_cases_filed from raw.police_monthly_reports where load_id = $1 order by 1", [report.loadId]);
    expect(landed).toEqual([
      { source_line: 2, criminal_cases_filed: 10 },
      { source_line: 9, criminal_cases_filed: 12 },
    ]);
  });

  it("keeps formula-like text as text", async () => {
    const path = file(
      "work_dynamics_formula.csv",
      `agency_code,published_on,title,category,body\nFY330106,2024/3/5,"=cmd|' /C calc'!A0",其他,"+1 @SUM(A1)"\n`,
    );
    const report = await loadFile(warehouse, path, contractFor("work_dynamics"));
    expect(report.rowsLoaded).toBe(1);
    expect(await warehouse.rows("select title, body, published_on::text from raw.work_dynamics where load_id = $1", [report.loadId])).toEqual([
      { title: "=cmd|' /C calc'!A0", body: "+1 @SUM(A1)", published_on: "2024-03-05" },
    ]);
  });

  it("reads GBK files, and fails a file whose declared encoding garbles its header, naming the file and the columns", async () => {
    const text = `${POLICE_HEADER}\r\nGA330106,2024-03,1,1,0\r\n`;
    const gbk = file("police_gbk.csv", iconv.encode(text, "gbk"));
    const detected = await loadFile(warehouse, gbk, contractFor("police_monthly_reports"));
    expect(detected).toMatchObject({ status: "loaded", encoding: "gb18030", rowsLoaded: 1 });

    const declared = file("police_gbk_as_utf8.csv", iconv.encode(text.replace("2024-03", "2024-07"), "gbk"));
    const wrong = await loadFile(warehouse, declared, contractFor("police_monthly_reports"), { encoding: "utf-8" });
    expect(wrong.status).toBe("failed");
    expect(wrong.error).toMatch(/missing required column\(s\): 单位代码 \(agency_code\), 统计月份 \(month\)/);
    const [log] = await warehouse.rows<{ status: string; error: string; file_name: string }>(
      "select status, error, file_name from ops.ingest_log where load_id = $1",
      [wrong.loadId],
    );
    expect(log).toMatchObject({ status: "failed", file_name: "police_gbk_as_utf8.csv" });
  });

  it("closes a file it gives up on at the header, whatever its format", async () => {
    // Header without the required columns: the load fails before reading a row.
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Sheet1");
    sheet.addRow(["something", "else"]);
    for (let i = 0; i < 5_000; i++) sheet.addRow([`x${i}`, i]);
    const files = [
      file("closed.csv", `something,else\n${"x,1\n".repeat(300_000)}`), // bigger than one read
      file("closed.xlsx", Buffer.from(await workbook.xlsx.writeBuffer())),
      file("closed.ndjson", `{"something": 1}\n`.repeat(10)),
      file("closed.arrow", Buffer.from(tableToIPC(tableFromArrays({ something: Int32Array.from([1, 2, 3]) }), "file"))),
    ];
    for (const path of files) {
      const report = await loadFile(warehouse, path, contractFor("police_monthly_reports"));
      expect(report.status, path).toBe("failed");
      expect(report.error).toMatch(/missing required column/);
    }
    const open = readdirSync("/proc/self/fd").flatMap((fd) => {
      try {
        return [readlinkSync(`/proc/self/fd/${fd}`)];
      } catch {
        return []; // closed between listing and reading
      }
    });
    expect(open.filter((target) => files.includes(target))).toEqual([]);
  });

  it("a truncated file lands its complete rows and quarantines the cut-off record", async () => {
    const path = file("police_truncated.csv", `${POLICE_HEADER}\nGA330106,2024-08,1,1,0\nGA330106,2024-09,2,1,"0`);
    const report = await loadFile(warehouse, path, contractFor("police_monthly_reports"));
    expect(report).toMatchObject({ status: "loaded", rowsLoaded: 1, rowsRejected: 1 });
    expect((await rejected(report.loadId!))[0]!.reason).toMatch(/unterminated quote|truncated/);
  });

  it("recognises the same bytes loaded twice and does not land them again", async () => {
    const path = file("police_twice.csv", `${POLICE_HEADER}\nGA330102,2024-03,7,3,1\n`);
    const first = await loadFile(warehouse, path, contractFor("police_monthly_reports"));
    const second = await loadFile(warehouse, file("police_twice_copy.csv", `${POLICE_HEADER}\nGA330102,2024-03,7,3,1\n`), contractFor("police_monthly_reports"));
    expect(second).toMatchObject({ status: "skipped", sameAsLoadId: first.loadId });
    expect(await warehouse.rows("select count(*)::int as n from raw.police_monthly_reports where agency_code = 'GA330102'")).toEqual([{ n: 1 }]);
  });

  it("writes nothing when the load breaks off half-way (connection killed during COPY)", async () => {
    // 80 police stations × 100 years × 12 months: 96,000 distinct (agency, month) keys.
    const stations = (await warehouse.rows<{ agency_code: string }>(
      "select agency_code from raw.ref_agencies where agency_code like 'PCS%' order by 1 limit 80",
    )).map((s) => s.agency_code);
    const lines = [POLICE_HEADER];
    for (const station of stations) {
      for (let month = 0; month < 1200; month++) {
        lines.push(`${station},${2000 + Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, "0")},${month % 500},1,0`);
      }
    }
    const path = file("police_big.csv", lines.join("\n"));
    const contract = contractFor("police_monthly_reports");
    // Kill the loader's backend as soon as its COPY is under way.
    const killer = (async () => {
      for (let attempt = 0; attempt < 400; attempt++) {
        const killed = await warehouse.rows<{ killed: boolean }>(
          `select pg_terminate_backend(pid) as killed from pg_stat_activity
            where datname = current_database() and query like 'copy "raw"."police_monthly_reports"%' and state = 'active'`,
        );
        if (killed.length > 0) return true;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      return false;
    })();
    const broken = await loadFile(warehouse, path, contract);
    expect(await killer).toBe(true);
    expect(broken.status).toBe("failed");
    expect(await warehouse.rows("select count(*)::int as n from raw.police_monthly_reports where agency_code like 'PCS%'")).toEqual([{ n: 0 }]);
    expect(await warehouse.rows("select count(*)::int as n from ops.rejected_rows where file_name = 'police_big.csv'")).toEqual([{ n: 0 }]);

    const retry = await loadFile(warehouse, path, contract);
    expect(retry).toMatchObject({ status: "loaded", rowsLoaded: 96_000, rowsRejected: 0 });
  });
});

describe("the CSV fast lane", () => {
  // Cells in many forms per court-case column: canonical ones the fast lane copies as bytes, and
  // padded, full-width, Chinese, escaped and bad ones it hands to checkCell or to the whole-row path.
  const VARIANTS: Record<string, string[]> = {
    agency_code: ["FY330106", "FY330102", " FY330106", "FY999999", "ＦＹ330106", ""],
    case_type: ["民事", "刑事", "民事 ", "其他"],
    procedure: ["一审", "二审", "一审\u3000"],
    cause: ["民间借贷纠纷", "", "a\\b", "tab\there", "两行\n说明", '引号"内', "=cmd|' /C calc'!A0", "\\N", "\u00a0边"],
    origin_case_no: ["", "(2023)浙0106民初9号"],
    filed_on: ["2024-03-05", "2024/3/5", "2024年3月5日", "45356", "2024-02-30", "20240305", " 2024-03-05", ""],
    closed_on: ["", "2024-05-20", "２０２４－０５－２０", "2023-02-29", "2024-05-20 08:30:00"],
    closing_method: ["判决", "", "调解"],
    statutory_days: ["180", "", "007", "1,200", "-3", "１８０", "1.5", "9e2"],
    term_extended: ["false", "否", "TRUE", " 是", "ｙｅｓ", "maybe", ""],
    within_term: ["true", "1", "0", "", "N"],
    appealed: ["", "false", "是"],
    judgment_published: ["true", "", "t"],
    amount_due: ["", "120000", "1,234.50", "0.5", "-1", "33.3%", "0"],
    amount_recovered: ["", "80000", "80000.00", "1e3"],
    litigant_name: ["张三", "", " 李四 "],
  };

  function csvCell(value: string): string {
    return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
  }

  it("lands and quarantines exactly what the cells path (NDJSON) does with the same values", async () => {
    const contract = contractFor("court_cases");
    const columns = Object.keys(contract.columns);
    const rows: Record<string, string>[] = [];
    for (let i = 0; i < 400; i++) {
      const row: Record<string, string> = {};
      columns.forEach((column, c) => {
        const variants = VARIANTS[column];
        // Mostly the first (canonical) form, the others in turn: rows mix fast and general cells.
        row[column] = variants ? variants[(i * (c + 3)) % 5 === 0 ? (i + c) % variants.length : 0]! : "";
      });
      row.case_no = i % 50 === 49 ? `(2024)浙0106民初${i - 7}号` : `(2024)浙0106民初${i}号`; // some repeats
      row.litigant_id_number = `33010619900101${String(i).padStart(4, "0")}`;
      rows.push(row);
    }
    const csv = file("fast_lane.csv", [columns.join(","), ...rows.map((row) => columns.map((c) => csvCell(row[c]!)).join(","))].join("\r\n"));
    const ndjson = file("fast_lane.ndjson", rows.map((row) => JSON.stringify(row)).join("\n"));
    const viaCsv = await loadFile(warehouse, csv, contract);
    const viaCells = await loadFile(warehouse, ndjson, contract);
    expect(viaCsv.status).toBe("loaded");
    expect(viaCsv.rowsLoaded).toBeGreaterThan(150);
    expect(viaCsv.rowsRejected).toBeGreaterThan(50);
    expect({ ...viaCsv, file: "", loadId: 0, format: "", encoding: "" }).toEqual({ ...viaCells, file: "", loadId: 0, format: "", encoding: "" });

    // CSV lines and NDJSON lines differ by the header line and by quoted line breaks: compare by key.
    const landed = (loadId: number) =>
      warehouse.rows(`select to_jsonb(r) - 'load_id' - 'source_line' as row from raw.court_cases r where load_id = $1 order by case_no`, [loadId]);
    expect(await landed(viaCsv.loadId!)).toEqual(await landed(viaCells.loadId!));
    const reasons = async (loadId: number) =>
      (await rejected(loadId)).map((r) => `${JSON.parse(r.raw.startsWith("[") ? r.raw : "[]")[0] ?? JSON.parse(r.raw).case_no}|${r.column_name}|${r.reason.replace(/line \d+/, "line n")}`).sort();
    expect(await reasons(viaCsv.loadId!)).toEqual(await reasons(viaCells.loadId!));
  });

  it("finds every repeated key of a long file, whichever rows the filter flags", async () => {
    const contract = contractFor("police_monthly_reports");
    const lines = [POLICE_HEADER];
    // 30,000 rows over 2,500 (agency, month) keys: every key repeats, in rows far apart.
    const stations = (await warehouse.rows<{ agency_code: string }>(
      "select agency_code from raw.ref_agencies where agency_code like 'PCS%' order by 1 limit 25",
    )).map((s) => s.agency_code);
    for (let i = 0; i < 30_000; i++) {
      const key = i % 2_500;
      lines.push(`${stations[key % 25]},${1900 + Math.floor(key / 25)}-${String((key % 12) + 1).padStart(2, "0")},${i},1,0`);
    }
    const report = await loadFile(warehouse, file("police_repeats.csv", lines.join("\n")), contract);
    const distinctKeys = new Set(lines.slice(1).map((line) => line.split(",").slice(0, 2).join())).size;
    expect(report).toMatchObject({ status: "loaded", rowsRead: 30_000, rowsLoaded: distinctKeys, rowsRejected: 30_000 - distinctKeys });
    const firsts = await warehouse.rows<{ n: number }>(
      "select count(*)::int as n from raw.police_monthly_reports where load_id = $1 and source_line <= $2",
      [report.loadId, distinctKeys + 1],
    );
    expect(firsts).toEqual([{ n: distinctKeys }]); // the first row of each key is the one kept
  });
});

describe("choosing the source", () => {
  it("takes it from data/inbox/<source>/, from the file name, or from --source, and says when it cannot tell", async () => {
    const { sourceOf } = await import("./ingest.ts");
    expect(sourceOf("/x/data/inbox/court_cases/2024/FY330106.csv").name).toBe("court_cases");
    expect(sourceOf("/x/police_monthly_reports_2024-03.xlsx").name).toBe("police_monthly_reports");
    expect(sourceOf("/work/reference/regions.csv").name).toBe("ref_regions");
    expect(sourceOf("/x/anything.csv", "petitions").name).toBe("petitions");
    expect(() => sourceOf("/x/misc.csv")).toThrow(/cannot tell which source/);
    expect(() => sourceOf("/x/misc.csv", "nonsense")).toThrow(/unknown source "nonsense"/);
  });
});
