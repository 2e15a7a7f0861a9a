import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  DateDay,
  Table,
  tableFromArrays,
  tableToIPC,
  TimestampMillisecond,
  Timestamp,
  TimeUnit,
  vectorFromArray,
} from "apache-arrow";
import iconv from "iconv-lite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import ExcelJS from "../exceljs.ts";
import { parseDate } from "../values.ts";
import { formatFromPath, openFile, type Cell, type OpenedFile, type ReadOptions, type RowProblem, type SourceRow } from "./index.ts";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "jiandu-readers-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

let fileCount = 0;
async function fixture(name: string, content: string | Uint8Array): Promise<string> {
  fileCount += 1;
  const path = join(dir, `${fileCount}-${name}`);
  await writeFile(path, content);
  return path;
}

interface ReadBack {
  file: OpenedFile;
  rows: SourceRow[];
  problems: RowProblem[];
  /** Rows and problems by line, in the order they came. */
  order: number[];
}

async function readAll(path: string, options?: ReadOptions): Promise<ReadBack> {
  const file = await openFile(path, options);
  const rows: SourceRow[] = [];
  const problems: RowProblem[] = [];
  const order: number[] = [];
  for await (const item of file.items) {
    if (item.kind === "row") {
      rows.push(item.row);
      order.push(item.row.line);
    } else {
      problems.push(item.problem);
      order.push(item.problem.line);
    }
  }
  return { file, rows, problems, order };
}

/** Runs check once per time zone; Node applies a change of process.env.TZ immediately. */
async function inZones(check: (zone: string) => Promise<void>): Promise<void> {
  const saved = process.env.TZ;
  try {
    for (const zone of ["UTC", "Asia/Shanghai", "America/New_York"]) {
      process.env.TZ = zone;
      await check(zone);
    }
  } finally {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  }
}

const cellsOf = (rows: SourceRow[]): Cell[][] => rows.map((row) => row.cells);
const linesOf = (rows: SourceRow[]): number[] => rows.map((row) => row.line);

describe("formatFromPath and openFile", () => {
  it("picks the format by extension, in any case", () => {
    expect(formatFromPath("/in/a.csv")).toBe("csv");
    expect(formatFromPath("/in/a.TXT")).toBe("csv");
    expect(formatFromPath("/in/a.XLSX")).toBe("xlsx");
    expect(formatFromPath("a.ndjson")).toBe("ndjson");
    expect(formatFromPath("a.jsonl")).toBe("ndjson");
    for (const extension of ["arrow", "arrows", "ipc", "feather"]) expect(formatFromPath(`a.${extension}`)).toBe("arrow");
    expect(formatFromPath("a.xls")).toBeNull();
    expect(formatFromPath("README")).toBeNull();
  });

  it("refuses unsupported file types, naming the path and extension", async () => {
    await expect(openFile("/in/报表.xyz")).rejects.toThrow('/in/报表.xyz: unsupported file type ".xyz"');
  });
});

describe("CSV reader", () => {
  const chinese = "法院,收案数,结案率\n第一中级人民法院,1234,95.5%\n第二中级人民法院,,0\n";

  it("reads UTF-8 with string cells, blank as empty string, and line numbers", async () => {
    const { file, rows, problems } = await readAll(await fixture("utf8.csv", chinese));
    expect(file.format).toBe("csv");
    expect(file.encoding).toBe("utf-8");
    expect(file.header).toEqual(["法院", "收案数", "结案率"]);
    expect(cellsOf(rows)).toEqual([
      ["第一中级人民法院", "1234", "95.5%"],
      ["第二中级人民法院", "", "0"],
    ]);
    expect(linesOf(rows)).toEqual([2, 3]);
    expect(problems).toEqual([]);
  });

  it("recognises a UTF-8 BOM and strips it from the header", async () => {
    const path = await fixture("bom.csv", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(chinese)]));
    const { file, rows } = await readAll(path, { encoding: "gbk" });
    expect(file.encoding).toBe("utf-8-bom");
    expect(file.header).toEqual(["法院", "收案数", "结案率"]);
    expect(rows).toHaveLength(2);
  });

  it("detects GBK when no encoding is declared", async () => {
    const { file, rows } = await readAll(await fixture("gbk.csv", iconv.encode(chinese, "gbk")));
    expect(file.encoding).toBe("gb18030");
    expect(file.header).toEqual(["法院", "收案数", "结案率"]);
    expect(rows[0]?.cells).toEqual(["第一中级人民法院", "1234", "95.5%"]);
  });

  it("reads GBK when declared, as GB18030", async () => {
    const { file, rows } = await readAll(await fixture("gbk-declared.csv", iconv.encode(chinese, "gbk")), { encoding: "gbk" });
    expect(file.encoding).toBe("gb18030");
    expect(file.header).toEqual(["法院", "收案数", "结案率"]);
    expect(rows).toHaveLength(2);
  });

  it("believes a declared UTF-8 even for a GBK file, giving visibly wrong text", async () => {
    const { file } = await readAll(await fixture("gbk-as-utf8.csv", iconv.encode(chinese, "gbk")), { encoding: "utf-8" });
    expect(file.encoding).toBe("utf-8");
    expect(file.header[0]).not.toBe("法院");
    expect(file.header[0]).toContain("\uFFFD");
  });

  it("reads GB18030 characters outside GBK", async () => {
    const text = "姓名\n𠀀先生\n";
    const { file, rows } = await readAll(await fixture("gb18030.csv", iconv.encode(text, "gb18030")));
    expect(file.encoding).toBe("gb18030");
    expect(rows[0]?.cells).toEqual(["𠀀先生"]);
  });

  it("does not mistake a character cut by the 64 KiB sample boundary for invalid UTF-8", async () => {
    const header = "备注\n";
    const filler = "a".repeat(64 * 1024 - Buffer.byteLength(header) - 1);
    // "中" is 3 bytes; it starts one byte before the boundary.
    const path = await fixture("boundary.csv", `${header}${filler}中\n尾\n`);
    const { file, rows } = await readAll(path);
    expect(file.encoding).toBe("utf-8");
    expect(rows.map((row) => String(row.cells[0]).slice(-1))).toEqual(["中", "尾"]);
  });

  it("decides on the first 64 KiB only: GBK after an all-ASCII sample is read as UTF-8 (a known limit)", async () => {
    const path = await fixture("late-gbk.csv", Buffer.concat([Buffer.from(`id\n${"1\n".repeat(40_000)}`), iconv.encode("中文\n", "gbk")]));
    const { file, rows } = await readAll(path);
    expect(file.encoding).toBe("utf-8");
    expect(rows.at(-1)?.cells[0]).not.toBe("中文");
  });

  it("keeps multi-byte characters whole across the reader's 1 MiB reads", async () => {
    // 3-byte characters in rows of odd length, so the read boundaries fall inside characters.
    const rows = Array.from({ length: 120_000 }, (_, i) => `${i},中文字段${"汉".repeat(i % 7)}`);
    const { rows: read } = await readAll(await fixture("wide.csv", `id,文本\n${rows.join("\n")}\n`));
    expect(read.length).toBe(rows.length);
    expect(read.filter((row, i) => row.cells[1] !== `中文字段${"汉".repeat(i % 7)}`)).toEqual([]);
  });

  it("reads invalid UTF-8 bytes past the sample as U+FFFD and keeps the row, as a text decoder does", async () => {
    const head = Buffer.from(`id,note\n${"1,ok\n".repeat(20_000)}`);
    const path = await fixture("late-invalid.csv", Buffer.concat([head, Buffer.from("2,a"), Buffer.from([0xff, 0xfe]), Buffer.from("b\n3,尾\n")]));
    const { file, rows, problems } = await readAll(path);
    expect(file.encoding).toBe("utf-8");
    expect(problems).toEqual([]);
    expect(rows.slice(-2).map((row) => row.cells)).toEqual([
      ["2", "a\ufffd\ufffdb"],
      ["3", "尾"],
    ]);
  });

  it("reads UTF-16 with a BOM (Excel's Unicode Text export)", async () => {
    const text = "法院\t收案数\r\n一中院\t12\r\n";
    const path = await fixture("unicode.txt", Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, "utf16le")]));
    const { file, rows } = await readAll(path);
    expect(file.encoding).toBe("utf-16le");
    expect(file.header).toEqual(["法院", "收案数"]);
    expect(rows).toEqual([{ line: 2, cells: ["一中院", "12"] }]);
  });

  it("keeps a character outside the BMP whole when UTF-16 reads cut it in two", async () => {
    // The BOM and "n\n" take 6 bytes; the filler puts 😀's high surrogate right before the 1 MiB read boundary.
    const filler = "x".repeat((1024 * 1024 - 6 - 2) / 2);
    for (const [encoding, bom] of [
      ["utf16be", [0xfe, 0xff]],
      ["utf16le", [0xff, 0xfe]],
    ] as const) {
      const path = await fixture(`astral-${encoding}.txt`, Buffer.concat([Buffer.from(bom), iconv.encode(`n\n${filler}😀\n尾\n`, encoding)]));
      const { rows } = await readAll(path);
      expect(rows.map((row) => String(row.cells[0]).slice(-2)), encoding).toEqual(["😀", "尾"]);
    }
  });

  it("reports rows with the wrong number of fields and keeps going", async () => {
    const path = await fixture("columns.csv", "a,b,c\n1,2,3\n4,5\n6,7,8,9\n10,11,12\n");
    const { rows, problems, order } = await readAll(path);
    expect(cellsOf(rows)).toEqual([
      ["1", "2", "3"],
      ["10", "11", "12"],
    ]);
    expect(problems).toEqual([
      { line: 3, reason: "expected 3 columns, found 2", raw: "4,5" },
      { line: 4, reason: "expected 3 columns, found 4", raw: "6,7,8,9" },
    ]);
    expect(order).toEqual([2, 3, 4, 5]);
  });

  it("reports an unterminated quote at end of file after yielding every complete record", async () => {
    const path = await fixture("truncated.csv", 'a,b\n1,2\n3,"four\n5,6\n');
    const { rows, problems } = await readAll(path);
    expect(cellsOf(rows)).toEqual([["1", "2"]]);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.line).toBe(3);
    expect(problems[0]?.reason).toMatch(/unterminated quote/);
    expect(problems[0]?.raw).toBe('3,"four\n5,6');
  });

  it("handles a file that is nothing but an unterminated quote", async () => {
    const { file, rows, problems } = await readAll(await fixture("only-quote.csv", '"abc,def\n'));
    expect(file.header).toEqual([]);
    expect(rows).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.line).toBe(1);
  });

  it("keeps line numbers right after quoted fields with embedded newlines, LF and CRLF", async () => {
    for (const eol of ["\n", "\r\n"]) {
      const text = ["id,note", '1,"line one', "line two", 'line three"', "2,plain", '3,"a', '"', "4,last"].join(eol) + eol;
      const { rows, problems } = await readAll(await fixture("multiline.csv", text));
      expect(problems).toEqual([]);
      expect(linesOf(rows)).toEqual([2, 5, 6, 8]);
      expect(rows[0]?.cells).toEqual(["1", `line one${eol}line two${eol}line three`]);
      expect(rows[3]?.cells).toEqual(["4", "last"]);
    }
  });

  it("skips blank lines and all-empty records but counts their lines, with LF, CRLF and CR line ends", async () => {
    for (const eol of ["\n", "\r\n", "\r"]) {
      const text = ["", "", "a,b", "", "1,2", ",", "   ", '3,"x', 'y"', "", "4,5", "", ""].join(eol);
      const { file, rows, problems } = await readAll(await fixture("blank.csv", text));
      expect(file.header, JSON.stringify(eol)).toEqual(["a", "b"]);
      expect(rows, JSON.stringify(eol)).toEqual([
        { line: 5, cells: ["1", "2"] },
        { line: 8, cells: ["3", `x${eol}y`] },
        { line: 11, cells: ["4", "5"] },
      ]);
      expect(problems).toEqual([]);
    }
  });

  it("detects tab and semicolon delimiters, never the full-width comma", async () => {
    const tab = await readAll(await fixture("tab.txt", "法院\t备注\n一中院\t含,逗号\n"));
    expect(tab.file.header).toEqual(["法院", "备注"]);
    expect(tab.rows[0]?.cells).toEqual(["一中院", "含,逗号"]);

    const semicolon = await readAll(await fixture("semi.csv", "a;b;c\n1;2,5;3\n"));
    expect(semicolon.rows[0]?.cells).toEqual(["1", "2,5", "3"]);

    const fullWidth = await readAll(await fixture("fullwidth.csv", "法院，数量\n一中院，12\n"));
    expect(fullWidth.file.header).toEqual(["法院，数量"]);
    expect(fullWidth.rows[0]?.cells).toEqual(["一中院，12"]);
  });

  it("ignores delimiters inside a quoted header when detecting", async () => {
    const { file } = await readAll(await fixture("quoted-header.csv", '"a;b;c",d\n1,2\n'));
    expect(file.header).toEqual(["a;b;c", "d"]);
  });

  it("keeps formula-like text verbatim", async () => {
    const path = await fixture("formula.csv", `name,value\n"=cmd|' /C calc'!A0",+1\n@SUM(A1),-2+3\n`);
    const { rows } = await readAll(path);
    expect(cellsOf(rows)).toEqual([
      ["=cmd|' /C calc'!A0", "+1"],
      ["@SUM(A1)", "-2+3"],
    ]);
  });

  it("takes a stray quote inside an unquoted field as a character, as Excel does", async () => {
    const { rows, problems } = await readAll(await fixture("stray.csv", 'a,b\n5" pipe,2\n3,4\n'));
    expect(problems).toEqual([]);
    expect(cellsOf(rows)).toEqual([
      ['5" pipe', "2"],
      ["3", "4"],
    ]);
  });

  it("trims the header and keeps cells untrimmed", async () => {
    const { file, rows } = await readAll(await fixture("spaces.csv", " 法院\u3000, 数量 \n 一中院 , 12\n"));
    expect(file.header).toEqual(["法院", "数量"]);
    expect(rows[0]?.cells).toEqual([" 一中院 ", " 12"]);
  });

  it("gives an empty header and no items for an empty file", async () => {
    const { file, rows, problems } = await readAll(await fixture("empty.csv", ""));
    expect(file.header).toEqual([]);
    expect(rows).toEqual([]);
    expect(problems).toEqual([]);
  });

  it("reads a header-only file and a file without a final newline", async () => {
    expect((await readAll(await fixture("header-only.csv", "a,b\n"))).rows).toEqual([]);
    expect((await readAll(await fixture("no-eol.csv", "a,b\n1,2"))).rows).toEqual([{ line: 2, cells: ["1", "2"] }]);
  });

  it("reports a stray opening quote as one unterminated record swallowing the rest of the file", async () => {
    const { rows, problems } = await readAll(await fixture("stray-open.csv", 'a,b\n1,2\n"oops,3\n4,5\n6,7\n'));
    expect(cellsOf(rows)).toEqual([["1", "2"]]);
    expect(problems).toEqual([{ line: 3, reason: expect.stringMatching(/unterminated quote/), raw: '"oops,3\n4,5\n6,7' }]);
  });

  it("cuts a problem's raw text to 2,000 characters", async () => {
    const { problems } = await readAll(await fixture("long.csv", `a,b\n${"x".repeat(5_000)}\n`));
    expect(problems[0]?.raw).toHaveLength(2_000);
  });

  it("can be left early without hanging", async () => {
    const file = await openFile(await fixture("early.csv", `n\n${"1\n".repeat(50_000)}`));
    let seen = 0;
    for await (const item of file.items) {
      seen += item.kind === "row" ? 1 : 0;
      if (seen === 3) break;
    }
    expect(seen).toBe(3);
  });

  it("streams a 200,000-row file with correct line numbers", async () => {
    const path = join(dir, "big.csv");
    const out = createWriteStream(path);
    out.write("id,court,filed,amount\n");
    for (let id = 1; id <= 200_000; id += 1) {
      // Every 1000th record spans two lines, so line numbers drift from ids unless counted properly.
      const note = id % 1000 === 0 ? `"第${id}号\n续"` : `第${id}号`;
      if (!out.write(`${id},${note},2024-03-05,"1,234.5"\n`)) await once(out, "drain");
    }
    out.end();
    await once(out, "finish");

    const file = await openFile(path);
    let count = 0;
    let extraLines = 0;
    let mismatches = 0;
    for await (const item of file.items) {
      if (item.kind !== "row") throw new Error(`unexpected problem ${item.problem.reason}`);
      count += 1;
      const id = Number(item.row.cells[0]);
      if (id !== count || item.row.line !== id + 1 + extraLines || item.row.cells[3] !== "1,234.5") mismatches += 1;
      if (id % 1000 === 0) extraLines += 1;
    }
    expect(count).toBe(200_000);
    expect(mismatches).toBe(0);
  }, 120_000);
});

describe("XLSX reader", () => {
  async function workbookFixture(build: (workbook: ExcelJS.Workbook) => void): Promise<string> {
    const workbook = new ExcelJS.Workbook();
    build(workbook);
    fileCount += 1;
    const path = join(dir, `${fileCount}-book.xlsx`);
    await workbook.xlsx.writeFile(path);
    return path;
  }

  const utcDay = (year: number, month: number, day: number): Date => new Date(Date.UTC(year, month - 1, day));

  let casesPath: string;
  beforeAll(async () => {
    casesPath = await workbookFixture((workbook) => {
      const sheet = workbook.addWorksheet("案件");
      // A title row above the header is common; the header is the first non-empty row.
      sheet.getRow(1).values = [];
      sheet.getRow(2).values = ["法院", "立案日期", "收案数", "翻倍", "备注", "结案"];
      sheet.getRow(3).values = ["一中院", utcDay(2024, 3, 5), 12, { formula: "C3*2", result: 24 }, "=cmd|' /C calc'!A0", true];
      sheet.getRow(4).values = ["二中院", utcDay(2024, 2, 29), 0, { formula: "C4*2", result: 0 }, { richText: [{ text: "富" }, { text: "文本", font: { bold: true } }] }, false];
      sheet.getRow(5).values = ["三中院", 45356, null, { formula: "C5*2" }, { text: "官网", hyperlink: "https://example.org" }];
      sheet.getRow(6).values = [];
      sheet.getRow(7).values = ["四中院", null, null, { formula: "1/0", result: { error: "#DIV/0!" } }, { error: "#N/A" }];
      sheet.getRow(8).values = ["五中院", null, 1, null, null, null, "多出来的"];
      sheet.getRow(9).values = ["短行"];
      sheet.getRow(10).values = ["六中院", { formula: "B3+1", result: 45357 }, { formula: "C3>1", result: true }, { formula: '"a"&"b"', result: "ab" }];
      sheet.getCell("B10").numFmt = "yyyy-mm-dd";

      const second = workbook.addWorksheet("第二页");
      second.addRow(["区域", "数量"]);
      second.addRow(["朝阳", 3]);
    });
  });

  it("reads the first worksheet: header, line numbers, and typed cells", async () => {
    const { file, rows } = await readAll(casesPath);
    expect(file.format).toBe("xlsx");
    expect(file.encoding).toBeUndefined();
    expect(file.header).toEqual(["法院", "立案日期", "收案数", "翻倍", "备注", "结案"]);
    expect(linesOf(rows)).toEqual([3, 4, 5, 7, 9, 10]);
    expect(rows[0]?.cells).toEqual(["一中院", utcDay(2024, 3, 5), 12, 24, "=cmd|' /C calc'!A0", true]);
    expect(rows[1]?.cells).toEqual(["二中院", utcDay(2024, 2, 29), 0, 0, "富文本", false]);
  });

  it("gives formulas their cached result, or their text when there is none", async () => {
    const { rows } = await readAll(casesPath);
    expect(rows[2]?.cells).toEqual(["三中院", 45356, null, "=C5*2", "官网", null]);
    // The date-formatted formula result becomes a Date; a boolean result comes back from exceljs as 1.
    expect(rows[5]?.cells).toEqual(["六中院", utcDay(2024, 3, 6), 1, "ab", null, null]);
  });

  it("gives error values as their error text", async () => {
    const { rows } = await readAll(casesPath);
    // exceljs's streaming reader drops error results of formulas, so the formula text stands in.
    expect(rows[3]?.cells).toEqual(["四中院", null, null, "=1/0", "#N/A", null]);
  });

  it("pads short rows with null and reports rows with cells beyond the header", async () => {
    const { rows, problems } = await readAll(casesPath);
    expect(rows[4]).toEqual({ line: 9, cells: ["短行", null, null, null, null, null] });
    expect(problems).toEqual([{ line: 8, reason: "expected 6 columns, found 7", raw: '["五中院",null,1,null,null,null,"多出来的"]' }]);
  });

  it("selects another sheet by name, and names the sheets when the one asked for is missing", async () => {
    const { file, rows } = await readAll(casesPath, { sheet: "第二页" });
    expect(file.header).toEqual(["区域", "数量"]);
    expect(rows).toEqual([{ line: 2, cells: ["朝阳", 3] }]);
    await expect(openFile(casesPath, { sheet: "第三页" })).rejects.toThrow(/no worksheet named "第三页"; available: "案件", "第二页"/);
  });

  it("keeps the written day of date-time cells whatever the server's time zone", async () => {
    const path = await workbookFixture((workbook) => {
      const sheet = workbook.addWorksheet("时间");
      sheet.addRow(["时间"]);
      sheet.addRow([new Date(Date.UTC(2024, 2, 5, 23, 30))]);
      sheet.addRow([new Date(Date.UTC(2024, 2, 5, 0, 30))]);
    });
    await inZones(async (zone) => {
      const { rows } = await readAll(path);
      expect(rows.map((row) => parseDate(row.cells[0])), zone).toEqual([
        { ok: true, value: "2024-03-05" },
        { ok: true, value: "2024-03-05" },
      ]);
    });
  });

  it("keeps Chinese text intact across the zip stream's chunk boundaries", async () => {
    const path = await workbookFixture((workbook) => {
      const sheet = workbook.addWorksheet("当事人");
      sheet.addRow(["编号", "当事人"]);
      for (let id = 1; id <= 20_000; id += 1) sheet.addRow([id, `第${id}号案件当事人张三李四王五`]);
    });
    const { rows } = await readAll(path);
    expect(rows).toHaveLength(20_000);
    expect(rows.filter((row) => row.cells[1] !== `第${String(row.cells[0])}号案件当事人张三李四王五`)).toEqual([]);
  });

  it("gives an empty header for an empty sheet", async () => {
    const path = await workbookFixture((workbook) => {
      workbook.addWorksheet("空");
    });
    const { file, rows } = await readAll(path);
    expect(file.header).toEqual([]);
    expect(rows).toEqual([]);
  });

  it("reads a workbook that has no shared strings at all", async () => {
    const path = await workbookFixture((workbook) => {
      const sheet = workbook.addWorksheet("数字");
      sheet.addRow([2023, 2024]);
      sheet.addRow([1, 2]);
    });
    const { file, rows } = await readAll(path);
    expect(file.header).toEqual(["2023", "2024"]);
    expect(rows).toEqual([{ line: 2, cells: [1, 2] }]);
  });
});

describe("NDJSON reader", () => {
  it("maps objects onto the first object's keys and reports bad lines", async () => {
    const lines = [
      '\uFEFF{"法院":"一中院","收案数":12,"是否":true}',
      '{"收案数":0,"法院":"二中院"}',
      "",
      "{not json}",
      '["an","array"]',
      '{"法院":"三中院","其他":1}',
      '{"法院":"四中院","收案数":null,"是否":false,"明细":{"a":[1,2]}}',
    ];
    const { file, rows, problems, order } = await readAll(await fixture("cases.ndjson", `${lines.join("\r\n")}\r\n`));
    expect(file.format).toBe("ndjson");
    expect(file.header).toEqual(["法院", "收案数", "是否"]);
    expect(rows).toEqual([
      { line: 1, cells: ["一中院", 12, true] },
      { line: 2, cells: ["二中院", 0, null] },
    ]);
    expect(problems.map((problem) => [problem.line, problem.reason.split(":")[0], problem.raw])).toEqual([
      [4, "invalid JSON", "{not json}"],
      [5, "not a JSON object", '["an","array"]'],
      [6, 'unknown field "其他"', '{"法院":"三中院","其他":1}'],
      [7, 'unknown field "明细"', '{"法院":"四中院","收案数":null,"是否":false,"明细":{"a":[1,2]}}'],
    ]);
    expect(order).toEqual([1, 2, 4, 5, 6, 7]);
  });

  it("takes the header from the first valid object and writes nested values as JSON text", async () => {
    const text = ["oops", '{"id":1,"detail":{"a":[1,2]},"tags":["x"]}', '{"id":"2","detail":null}'].join("\n");
    const { file, rows, problems } = await readAll(await fixture("nested.jsonl", text));
    expect(file.header).toEqual(["id", "detail", "tags"]);
    expect(problems.map((problem) => problem.line)).toEqual([1]);
    expect(rows).toEqual([
      { line: 2, cells: [1, '{"a":[1,2]}', '["x"]'] },
      { line: 3, cells: ["2", null, null] },
    ]);
  });

  it("gives an empty header for an empty file", async () => {
    const { file, rows } = await readAll(await fixture("empty.ndjson", "\n\n"));
    expect(file.header).toEqual([]);
    expect(rows).toEqual([]);
  });
});

describe("Arrow IPC reader", () => {
  function casesTable(): Table {
    const base = tableFromArrays({
      court: ["一中院", "二中院", null],
      cases: Int32Array.from([12, 0, 7]),
      big: BigInt64Array.from([5n, 2n ** 60n, -3n]),
      rate: Float64Array.from([0.955, 1, 0.5]),
      closed: [true, false, null],
    });
    const columns = Object.fromEntries(base.schema.fields.map((field, index) => [field.name, base.getChildAt(index)!]));
    return new Table({
      ...columns,
      filed: vectorFromArray([new Date(Date.UTC(2024, 2, 5)), null, new Date(Date.UTC(2024, 0, 1))], new DateDay()),
      updated: vectorFromArray([new Date(Date.UTC(2024, 2, 5, 23, 30)), null, new Date(0)], new TimestampMillisecond()),
      instant: vectorFromArray([new Date(Date.UTC(2024, 2, 5, 14, 30)), null, null], new Timestamp(TimeUnit.MILLISECOND, "Asia/Shanghai")),
    });
  }

  for (const format of ["file", "stream"] as const) {
    it(`reads the ${format} format back`, async () => {
      const table = casesTable();
      // Two record batches, so line numbers have to carry over from one batch to the next.
      const path = await fixture(`cases-${format}.arrow`, tableToIPC(table.concat(table), format));
      const { file, rows, problems } = await readAll(path);
      expect(file.format).toBe("arrow");
      expect(file.header).toEqual(["court", "cases", "big", "rate", "closed", "filed", "updated", "instant"]);
      expect(problems).toEqual([]);
      expect(linesOf(rows)).toEqual([2, 3, 4, 5, 6, 7]);
      expect(rows[0]?.cells.slice(0, 6)).toEqual(["一中院", 12, 5, 0.955, true, new Date(Date.UTC(2024, 2, 5))]);
      expect(rows[1]?.cells).toEqual(["二中院", 0, "1152921504606846976", 1, false, null, null, null]);
      expect(rows[2]?.cells.slice(0, 5)).toEqual([null, 7, -3, 0.5, null]);
      expect(rows[3]?.cells[0]).toBe("一中院");
      const [updated, instant] = [rows[0]?.cells[6], rows[0]?.cells[7]];
      expect(updated).toBeInstanceOf(Date);
      expect(parseDate(updated)).toEqual({ ok: true, value: "2024-03-05" });
      expect(instant).toEqual(new Date(Date.UTC(2024, 2, 5, 14, 30)));
    });
  }

  it("keeps the written day of zone-less timestamps whatever the server's time zone", async () => {
    const updated = vectorFromArray([new Date(Date.UTC(2024, 2, 5, 23, 30)), new Date(Date.UTC(2024, 2, 5, 0, 30))], new TimestampMillisecond());
    const path = await fixture("wall-clock.arrow", tableToIPC(new Table({ updated }), "stream"));
    await inZones(async (zone) => {
      const { rows } = await readAll(path);
      expect(rows.map((row) => parseDate(row.cells[0])), zone).toEqual([
        { ok: true, value: "2024-03-05" },
        { ok: true, value: "2024-03-05" },
      ]);
    });
  });

  it("refuses a file that is not Arrow", async () => {
    await expect(openFile(await fixture("bad.arrow", "id,name\n1,x\n"))).rejects.toThrow(/not a readable Arrow IPC file/);
  });
});
