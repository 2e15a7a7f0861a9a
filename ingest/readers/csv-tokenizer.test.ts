import { describe, expect, it } from "vitest";
import { CsvTokenizer, fieldCount, recordFields, recordText, type RecordBatch, type TokenizerProblem } from "./csv-tokenizer.ts";

type TokenizerEvent =
  | { kind: "record"; record: { line: number; fields: string[]; raw: string | null } }
  | { kind: "problem"; problem: TokenizerProblem };

/**
 * Tokenize text delivered in the given pieces (strings, or byte pieces to cut inside characters). The
 * header is reported as the first record, and a record keeps its text when its field count differs.
 */
function tokenize(pieces: (string | Buffer)[], delimiter = ","): TokenizerEvent[] {
  const tokenizer = new CsvTokenizer(delimiter, 2_000);
  const out: TokenizerEvent[] = [];
  let headerSeen = false;
  const collect = (batch: RecordBatch) => {
    if (!headerSeen && tokenizer.header !== null) {
      headerSeen = true;
      out.push({ kind: "record", record: { line: 1, fields: tokenizer.header, raw: null } });
    }
    for (let r = 0; r < batch.count; r++) {
      const raw = fieldCount(batch, r) === tokenizer.header!.length ? null : recordText(batch, r);
      out.push({ kind: "record", record: { line: batch.line[r]!, fields: recordFields(batch, r), raw } });
    }
    for (const problem of batch.problems) out.push({ kind: "problem", problem });
  };
  for (const piece of pieces) collect(tokenizer.push(typeof piece === "string" ? Buffer.from(piece) : piece));
  collect(tokenizer.end());
  return out;
}

const SAMPLE = [
  "案号,当事人,备注\r\n",
  '(2026)浙0106民初1号,张三,"说明，含逗号"\r\n',
  "\r\n",
  '(2026)浙0106民初2号,李四,"两行\r\n说明"\r\n',
  '(2026)浙0106民初3号,"王""五",普通"引号\r\n',
  ",,\r\n",
  '(2026)浙0106民初4号,赵六,"a"b\r\n',
  "(2026)浙0106民初5号,钱七\r\n",
  "(2026)浙0106民初6号,孙八,末尾",
].join("");

describe("CSV tokenizer", () => {
  it("splits fields and records, unquotes, keeps line breaks inside quotes, and counts physical lines", () => {
    const events = tokenize([SAMPLE]);
    expect(events.map((e) => (e.kind === "record" ? [e.record.line, e.record.fields] : e.kind))).toEqual([
      [1, ["案号", "当事人", "备注"]],
      [2, ["(2026)浙0106民初1号", "张三", "说明，含逗号"]],
      [4, ["(2026)浙0106民初2号", "李四", "两行\r\n说明"]],
      [6, ["(2026)浙0106民初3号", '王"五', '普通"引号']],
      // line 7 holds ",,": a blank row, skipped
      [8, ["(2026)浙0106民初4号", "赵六", '"a"b']],
      [9, ["(2026)浙0106民初5号", "钱七"]],
      [10, ["(2026)浙0106民初6号", "孙八", "末尾"]],
    ]);
  });

  it("keeps the raw text of a record whose field count differs from the header's, and only then", () => {
    const records = tokenize([SAMPLE]).flatMap((e) => (e.kind === "record" ? [e.record] : []));
    expect(records.filter((r) => r.raw !== null).map((r) => r.raw)).toEqual(["(2026)浙0106民初5号,钱七"]);
  });

  it("gives the same result however the bytes are cut into chunks, even inside a character", () => {
    const whole = tokenize([SAMPLE]);
    const bytes = Buffer.from(SAMPLE);
    for (let cut = 1; cut < bytes.length; cut++) {
      expect(tokenize([bytes.subarray(0, cut), bytes.subarray(cut)]), `cut at byte ${cut}`).toEqual(whole);
    }
    expect(tokenize([...bytes].map((byte) => Buffer.from([byte])))).toEqual(whole); // one byte at a time
  });

  it("keeps only the header out of the records, and skips blank rows of full-width spaces", () => {
    const events = tokenize(["a,b\n\u3000,\u00a0\n1,2\n"]);
    expect(events.map((e) => (e.kind === "record" ? `${e.record.line}:${e.record.fields.join("|")}` : ""))).toEqual(["1:a|b", "3:1|2"]);
  });

  it("treats LF, CRLF and a lone CR as line ends", () => {
    const events = tokenize(["a,b\nc,d\re,f\r\n\ng,h"]);
    expect(events.map((e) => (e.kind === "record" ? `${e.record.line}:${e.record.fields.join("|")}` : ""))).toEqual(["1:a|b", "2:c|d", "3:e|f", "5:g|h"]);
  });

  it("reports an unterminated quote at the end of the file with the record's line and text, after the good records", () => {
    const events = tokenize(["h1,h2\nok,1\n", 'bad,"never closed\nstill open\n']);
    expect(events[1]).toEqual({ kind: "record", record: { line: 2, fields: ["ok", "1"], raw: null } });
    expect(events[2]).toEqual({
      kind: "problem",
      problem: { line: 3, reason: "unterminated quote: the file ends inside a quoted field (truncated file?)", raw: 'bad,"never closed\nstill open' },
    });
  });

  it("keeps a trailing empty field and honours another delimiter", () => {
    expect(tokenize(["a;b;\n1;2;\n"], ";").map((e) => (e.kind === "record" ? e.record.fields : []))).toEqual([
      ["a", "b", ""],
      ["1", "2", ""],
    ]);
    expect(tokenize(["a\tb\n1\t2"], "\t").map((e) => (e.kind === "record" ? e.record.fields : []))).toEqual([
      ["a", "b"],
      ["1", "2"],
    ]);
  });

  it("does not grow its field arrays with the bytes held behind an open quote", () => {
    const tokenizer = new CsvTokenizer(",", 2_000);
    let batch = tokenizer.push(Buffer.from('h\n"'));
    const piece = Buffer.alloc(1 << 20, "a");
    for (let i = 0; i < 8; i++) batch = tokenizer.push(piece);
    expect(batch.fieldStart.length).toBeLessThanOrEqual(16_384);
    batch = tokenizer.end();
    expect(batch.problems.map((p) => [p.line, p.raw.length, p.raw.slice(0, 3)])).toEqual([[2, 2_000, '"aa']]);
  });

  it("keeps a problem's text without its trailing line breaks, however many", () => {
    const tokenizer = new CsvTokenizer(",", 10);
    tokenizer.push(Buffer.from(`h\n"中文${"\r\n".repeat(5_000)}`));
    expect(tokenizer.end().problems.map((p) => p.raw)).toEqual(['"中文']);
  });
});
