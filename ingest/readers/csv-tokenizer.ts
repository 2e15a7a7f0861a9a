// Splits UTF-8 CSV bytes into records as they stream in, counting physical lines itself. Records come
// out as byte ranges into the text (no string per field), so the loader can check and copy the common
// well-formed cell without ever making a JavaScript string of it; `fieldText` makes one when needed.
//
// Working on bytes is safe for UTF-8: the delimiter, quote, CR and LF are ASCII and never occur inside
// a multi-byte character. The reader turns every other encoding into UTF-8 before it gets here.
//
// Rules (what spreadsheet users expect, and what csv-parse did here with relax_quotes and
// relax_column_count): a field that starts with `"` is quoted — `""` inside it is one quote, line breaks
// inside it belong to the value; a quote anywhere else is an ordinary character, and so is a quoted field
// followed by more text before the delimiter (`"a"b` reads as the literal `"a"b`). CRLF, LF and a lone
// CR all end a record. Empty lines are skipped but counted. The first record is the header. A quote still
// open at the end of the file is the one unrecoverable error: that record becomes a problem and the
// records before it stand.

export interface TokenizerProblem {
  line: number;
  reason: string;
  raw: string;
}

/** How a field's bytes read: as they are, or (QUOTED_WITH_ESCAPES) with each `""` standing for one quote. */
export const PLAIN = 0;
export const QUOTED = 1;
export const QUOTED_WITH_ESCAPES = 2;

/**
 * The records parsed from one push, as offsets into `bytes`. Valid until the next push or end: the
 * tokenizer reuses the arrays, so use (or copy out) a batch before asking for the next.
 */
export interface RecordBatch {
  bytes: Buffer;
  count: number;
  /** Per record: the physical line it starts on (the header is line 1 when nothing precedes it). */
  line: Int32Array;
  /** Per record r: its fields are firstField[r] … firstField[r + 1] - 1 (length count + 1). */
  firstField: Int32Array;
  /** Per record: the byte range of its whole text, without the line break (for messages). */
  recordStart: Int32Array;
  recordEnd: Int32Array;
  /** Per field: the byte range of its value (inside the quotes of a quoted field), and how it reads. */
  fieldStart: Int32Array;
  fieldEnd: Int32Array;
  fieldKind: Uint8Array;
  /** Records that could not be parsed (only an unterminated quote at the end of the file). */
  problems: TokenizerProblem[];
}

const QUOTE = 34; // "
const CR = 13;
const LF = 10;
const SPACE = 32;

/** Line breaks in bytes[from, to): CRLF counts once. */
function countBreaks(bytes: Buffer, from: number, to: number): number {
  let breaks = 0;
  for (let i = from; i < to; i++) {
    const c = bytes[i];
    if (c === LF) breaks++;
    else if (c === CR) {
      breaks++;
      if (bytes[i + 1] === LF) i++;
    }
  }
  return breaks;
}

/** A field's value as a string: decoded, and `""` folded to `"` in a quoted field that has them. */
export function fieldText(batch: RecordBatch, field: number): string {
  const text = batch.bytes.toString("utf8", batch.fieldStart[field], batch.fieldEnd[field]);
  return batch.fieldKind[field] === QUOTED_WITH_ESCAPES ? text.replaceAll('""', '"') : text;
}

/** Every field of record r as strings. */
export function recordFields(batch: RecordBatch, record: number): string[] {
  const fields: string[] = [];
  for (let f = batch.firstField[record]!; f < batch.firstField[record + 1]!; f++) fields.push(fieldText(batch, f));
  return fields;
}

export function fieldCount(batch: RecordBatch, record: number): number {
  return batch.firstField[record + 1]! - batch.firstField[record]!;
}

/** The record's own text, without its line break. */
export function recordText(batch: RecordBatch, record: number): string {
  return batch.bytes.toString("utf8", batch.recordStart[record], batch.recordEnd[record]);
}

export class CsvTokenizer {
  /** Bytes not yet turned into records: the start of a record cut by the end of the last chunk. */
  private pending: Buffer = Buffer.alloc(0);
  /** Physical line where `pending` starts. */
  private line = 1;
  private readonly delimiter: number;
  /** The first record's fields, once seen; it is not handed out as a record. */
  header: string[] | null = null;
  private readonly batch: RecordBatch = {
    bytes: Buffer.alloc(0),
    count: 0,
    line: new Int32Array(1024),
    firstField: new Int32Array(1025),
    recordStart: new Int32Array(1024),
    recordEnd: new Int32Array(1024),
    fieldStart: new Int32Array(16384),
    fieldEnd: new Int32Array(16384),
    fieldKind: new Uint8Array(16384),
    problems: [],
  };

  /**
   * @param rawLimit longest text kept with a problem, in UTF-16 units: an unterminated quote can run to
   * the end of a large file, and only this much of it is ever decoded.
   */
  constructor(
    delimiter: string,
    private readonly rawLimit: number,
  ) {
    if (delimiter.length !== 1 || delimiter.charCodeAt(0) > 127) throw new Error(`CSV delimiter must be one ASCII character, got "${delimiter}"`);
    this.delimiter = delimiter.charCodeAt(0);
  }

  /** The text of bytes[start, end) without its trailing line breaks, cut to rawLimit. */
  private problemText(bytes: Buffer, start: number, end: number): string {
    let stop = end;
    while (stop > start && (bytes[stop - 1] === LF || bytes[stop - 1] === CR)) stop--;
    // A UTF-8 character is at most 4 bytes for at most 2 units: this many bytes hold more than rawLimit
    // units, so a character cut at the end of the decoded bytes is never among those kept.
    const decoded = bytes.toString("utf8", start, Math.min(stop, start + 4 * this.rawLimit + 4));
    return decoded.length > this.rawLimit ? decoded.slice(0, this.rawLimit) : decoded;
  }

  /** Parse every complete record of the bytes so far; keep the incomplete rest for the next push. */
  push(chunk: Buffer): RecordBatch {
    return this.parse(this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk, false);
  }

  /** The end of the file: the last record needs no line break; an open quote is a problem. */
  end(): RecordBatch {
    const batch = this.parse(this.pending, true);
    this.pending = Buffer.alloc(0);
    return batch;
  }

  private parse(bytes: Buffer, final: boolean): RecordBatch {
    const batch = this.batch;
    batch.bytes = bytes;
    batch.count = 0;
    batch.problems = [];
    batch.firstField[0] = 0;
    // The field arrays grow as fields are found (not by the bytes pending: a long-open quote holds many
    // bytes and few fields), and keep their size for the next push.
    let fieldStart = batch.fieldStart;
    let fieldEnd = batch.fieldEnd;
    let fieldKind = batch.fieldKind;
    const length = bytes.length;
    const delimiter = this.delimiter;
    let fields = 0;
    let pos = 0;
    /** End of the last complete record (or skipped empty line): what `pending` keeps starts here. */
    let consumed = 0;
    let line = this.line;
    records: while (pos < length) {
      const first = bytes[pos];
      // An empty line: skipped, counted.
      if (first === LF || first === CR) {
        if (first === CR && pos + 1 === length && !final) break; // a CR whose LF may be in the next chunk
        pos += first === CR && bytes[pos + 1] === LF ? 2 : 1;
        line++;
        consumed = pos;
        continue;
      }
      const start = pos;
      const startLine = line;
      const recordFirstField = fields;
      let breaksInside = 0;
      for (;;) {
        if (fields === fieldStart.length) {
          this.growFields(fields);
          ({ fieldStart, fieldEnd, fieldKind } = batch);
        }
        // A field is literal (its bytes as they are) unless it is a properly closed quoted field.
        let literal = true;
        if (bytes[pos] === QUOTE) {
          // Quoted field: up to the quote that is not doubled.
          let cursor = pos + 1;
          let doubled = false;
          let closed = -1;
          for (;;) {
            const next = bytes.indexOf(QUOTE, cursor);
            if (next === -1 || (next + 1 === length && !final)) break; // open, or `"` at the end: a `""` may follow
            if (bytes[next + 1] === QUOTE) {
              doubled = true;
              cursor = next + 2;
              continue;
            }
            closed = next;
            break;
          }
          if (closed === -1) {
            fields = recordFirstField;
            if (!final) break records; // wait for the rest of the field
            batch.problems.push({
              line: startLine,
              reason: "unterminated quote: the file ends inside a quoted field (truncated file?)",
              raw: this.problemText(bytes, start, length),
            });
            line += countBreaks(bytes, start, length);
            consumed = length;
            break records;
          }
          const after = closed + 1;
          const c = after < length ? bytes[after] : -1;
          if (c === -1 && !final) {
            fields = recordFirstField;
            break records;
          }
          // A quoted field ends at its closing quote; text after that quote makes the whole field
          // literal, read below as an unquoted one.
          if (c === delimiter || c === LF || c === CR || c === -1) {
            breaksInside += countBreaks(bytes, pos, after);
            fieldStart[fields] = pos + 1;
            fieldEnd[fields] = closed;
            fieldKind[fields] = doubled ? QUOTED_WITH_ESCAPES : QUOTED;
            pos = after;
            literal = false;
          }
        }
        if (literal) {
          const endOfField = this.unquotedEnd(bytes, pos);
          if (endOfField === length && !final) {
            fields = recordFirstField;
            break records;
          }
          fieldStart[fields] = pos;
          fieldEnd[fields] = endOfField;
          fieldKind[fields] = PLAIN;
          pos = endOfField;
        }
        fields++;
        const c = pos < length ? bytes[pos] : -1;
        if (c === delimiter) {
          pos++;
          continue;
        }
        // End of record: a line break (a CR at the very end may be half of a CRLF) or the end of the file.
        const recordEnd = pos;
        if (c === CR && pos + 1 === length && !final) {
          fields = recordFirstField;
          break records;
        }
        if (c === CR) pos += bytes[pos + 1] === LF ? 2 : 1;
        else if (c === LF) pos++;
        line = startLine + breaksInside + (c === -1 ? 0 : 1);
        consumed = pos;
        // A row of empty fields (",,,") is a blank line to a spreadsheet user.
        if (this.isBlank(bytes, recordFirstField, fields)) {
          fields = recordFirstField;
        } else if (this.header === null) {
          this.header = [];
          for (let f = recordFirstField; f < fields; f++) this.header.push(fieldText(batch, f));
          fields = recordFirstField;
        } else {
          this.ensureRecordCapacity(batch.count + 1);
          const r = batch.count;
          batch.line[r] = startLine;
          batch.recordStart[r] = start;
          batch.recordEnd[r] = recordEnd;
          batch.firstField[r + 1] = fields;
          batch.count++;
        }
        break;
      }
    }
    this.pending = bytes.subarray(consumed);
    this.line = line;
    return batch;
  }

  /** Whether fields [from, to) are all empty or whitespace, as String.prototype.trim sees it. */
  private isBlank(bytes: Buffer, from: number, to: number): boolean {
    const batch = this.batch;
    for (let f = from; f < to; f++) {
      for (let i = batch.fieldStart[f]!; i < batch.fieldEnd[f]!; i++) {
        const c = bytes[i]!;
        if (c === SPACE || (c >= 9 && c <= 13)) continue;
        // Non-ASCII could be U+3000 or another space: let trim decide (rare).
        if (c >= 128 && fieldText(batch, f).trim() === "") break;
        return false;
      }
    }
    return true;
  }

  /** Double the field arrays, keeping the first `used` entries. */
  private growFields(used: number): void {
    const batch = this.batch;
    const size = batch.fieldStart.length * 2;
    const grow = <T extends Int32Array | Uint8Array>(old: T, next: T): T => {
      next.set(old.subarray(0, used));
      return next;
    };
    batch.fieldStart = grow(batch.fieldStart, new Int32Array(size));
    batch.fieldEnd = grow(batch.fieldEnd, new Int32Array(size));
    batch.fieldKind = grow(batch.fieldKind, new Uint8Array(size));
  }

  private ensureRecordCapacity(records: number): void {
    const batch = this.batch;
    if (batch.line.length >= records) return;
    const size = batch.line.length * 2;
    const grow = (old: Int32Array, length: number): Int32Array => {
      const next = new Int32Array(length);
      next.set(old);
      return next;
    };
    batch.line = grow(batch.line, size);
    batch.recordStart = grow(batch.recordStart, size);
    batch.recordEnd = grow(batch.recordEnd, size);
    batch.firstField = grow(batch.firstField, size + 1);
  }

  /** Where an unquoted field starting at pos ends: the next delimiter or line break, or the end of the bytes. */
  private unquotedEnd(bytes: Buffer, pos: number): number {
    const delimiter = this.delimiter;
    const length = bytes.length;
    for (let i = pos; i < length; i++) {
      const c = bytes[i];
      if (c === delimiter || c === LF || c === CR) return i;
    }
    return length;
  }
}
