// Splits decoded CSV text into records as it streams in, counting physical lines itself: the record's
// starting line for messages, and its own text only when something is wrong with it.
//
// Rules (what spreadsheet users expect, and what csv-parse did here with relax_quotes and
// relax_column_count): a field that starts with `"` is quoted — `""` inside it is one quote, line breaks
// inside it belong to the value; a quote anywhere else is an ordinary character, and so is a quoted field
// followed by more text before the delimiter (`"a"b` reads as the literal `"a"b`). CRLF, LF and a lone
// CR all end a record. Empty lines are skipped but counted. A quote still open at the end of the file is
// the one unrecoverable error: that record becomes a problem and the records before it stand.

export interface TokenizedRecord {
  /** The physical line the record starts on (the header is line 1 when nothing precedes it). */
  line: number;
  fields: string[];
  /** The record's own text (no line break), kept only when its field count is not the expected one. */
  raw: string | null;
}

export interface TokenizerProblem {
  line: number;
  reason: string;
  raw: string;
}

export type TokenizerEvent = { kind: "record"; record: TokenizedRecord } | { kind: "problem"; problem: TokenizerProblem };

const QUOTE = 34; // "
const CR = 13;
const LF = 10;

/** Line breaks in text[from, to): CRLF counts once. */
function countBreaks(text: string, from: number, to: number): number {
  let breaks = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === LF) breaks++;
    else if (c === CR) {
      breaks++;
      if (text.charCodeAt(i + 1) === LF) i++;
    }
  }
  return breaks;
}

export class CsvTokenizer {
  /** Text not yet turned into records: the start of a record cut by the end of the last chunk. */
  private pending = "";
  /** Physical line where `pending` starts. */
  private line = 1;
  private readonly delimiter: number;
  /** The header's field count (the first record's): records with another count keep their raw text. */
  private expectedFields: number | null = null;

  constructor(delimiter: string) {
    if (delimiter.length !== 1) throw new Error(`CSV delimiter must be one character, got "${delimiter}"`);
    this.delimiter = delimiter.charCodeAt(0);
  }

  /** Parse every complete record of the text so far into `out`; keep the incomplete rest. */
  push(chunk: string, out: TokenizerEvent[]): void {
    this.parse(this.pending.length > 0 ? this.pending + chunk : chunk, false, out);
  }

  /** The end of the file: the last record needs no line break; an open quote is a problem. */
  end(out: TokenizerEvent[]): void {
    this.parse(this.pending, true, out);
    this.pending = "";
  }

  private parse(text: string, final: boolean, out: TokenizerEvent[]): void {
    const length = text.length;
    const delimiter = this.delimiter;
    let pos = 0;
    /** End of the last complete record (or skipped empty line): what `pending` keeps starts here. */
    let consumed = 0;
    let line = this.line;
    records: while (pos < length) {
      const first = text.charCodeAt(pos);
      // An empty line: skipped, counted.
      if (first === LF || first === CR) {
        if (first === CR && pos + 1 === length && !final) break; // a CR whose LF may be in the next chunk
        pos += first === CR && text.charCodeAt(pos + 1) === LF ? 2 : 1;
        line++;
        consumed = pos;
        continue;
      }
      const start = pos;
      const startLine = line;
      const fields: string[] = [];
      let breaksInside = 0;
      for (;;) {
        let value: string;
        if (text.charCodeAt(pos) === QUOTE) {
          // Quoted field: up to the quote that is not doubled.
          let cursor = pos + 1;
          let parts = "";
          let closed = -1;
          for (;;) {
            const next = text.indexOf('"', cursor);
            if (next === -1 || (next + 1 === length && !final)) break; // open, or `"` at the end: a `""` may follow
            if (text.charCodeAt(next + 1) === QUOTE) {
              parts += text.slice(cursor, next + 1);
              cursor = next + 2;
              continue;
            }
            parts += text.slice(cursor, next);
            closed = next;
            break;
          }
          if (closed === -1) {
            if (!final) break records; // wait for the rest of the field
            out.push({
              kind: "problem",
              problem: {
                line: startLine,
                reason: "unterminated quote: the file ends inside a quoted field (truncated file?)",
                raw: text.slice(start).replace(/(?:\r\n|\r|\n)+$/, ""),
              },
            });
            line += countBreaks(text, start, length);
            consumed = length;
            break records;
          }
          const after = closed + 1;
          const c = after < length ? text.charCodeAt(after) : -1;
          if (c === delimiter || c === LF || c === CR || c === -1) {
            if (c === -1 && !final) break records;
            breaksInside += countBreaks(text, pos, after);
            value = parts;
            pos = after;
          } else {
            // Text after the closing quote: the whole field is literal, as an unquoted one.
            const endOfField = this.unquotedEnd(text, pos);
            if (endOfField === length && !final) break records;
            value = text.slice(pos, endOfField);
            pos = endOfField;
          }
        } else {
          const endOfField = this.unquotedEnd(text, pos);
          if (endOfField === length && !final) break records;
          value = text.slice(pos, endOfField);
          pos = endOfField;
        }
        fields.push(value);
        const c = pos < length ? text.charCodeAt(pos) : -1;
        if (c === delimiter) {
          pos++;
          continue;
        }
        // End of record: a line break (a CR at the very end may be half of a CRLF) or the end of the file.
        const recordEnd = pos;
        if (c === CR && pos + 1 === length && !final) break records;
        if (c === CR) pos += text.charCodeAt(pos + 1) === LF ? 2 : 1;
        else if (c === LF) pos++;
        line = startLine + breaksInside + (c === -1 ? 0 : 1);
        // A row of empty fields (",,,") is a blank line to a spreadsheet user.
        let blank = true;
        for (const field of fields) {
          if (field.trim() !== "") {
            blank = false;
            break;
          }
        }
        if (!blank) {
          this.expectedFields ??= fields.length;
          const raw = fields.length !== this.expectedFields ? text.slice(start, recordEnd) : null;
          out.push({ kind: "record", record: { line: startLine, fields, raw } });
        }
        consumed = pos;
        break;
      }
    }
    this.pending = text.slice(consumed);
    this.line = line;
  }

  /** Where an unquoted field starting at pos ends: the next delimiter or line break, or the end of the text. */
  private unquotedEnd(text: string, pos: number): number {
    const delimiter = this.delimiter;
    const length = text.length;
    for (let i = pos; i < length; i++) {
      const c = text.charCodeAt(i);
      if (c === delimiter || c === LF || c === CR) return i;
    }
    return length;
  }
}
