// PostgreSQL COPY text format, written straight into a byte buffer that goes to the server as it fills:
// the one place that knows how a value is spelled for COPY (tab between fields, \N for null, backslash
// escapes, t/f, a month as its first day).
import type { ColumnSpec } from "./contracts/index.ts";

export const TAB = 9;
export const NEWLINE = 10;

const NEEDS_ESCAPE = /[\\\n\r\t]/;
const ESCAPES: Record<string, string> = { "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t" };
const UNESCAPES: Record<string, string> = { "\\\\": "\\", "\\n": "\n", "\\r": "\r", "\\t": "\t" };

/** A field in COPY's text format: backslash escapes, \N for null. Most values need none, so test first. */
export function copyText(value: string | null): string {
  if (value === null) return "\\N";
  return NEEDS_ESCAPE.test(value) ? value.replace(/[\\\n\r\t]/g, (c) => ESCAPES[c]!) : value;
}

/** The value a COPY text field stands for (the inverse of copyText). */
export function fromCopyText(text: string): string | null {
  if (text === "\\N") return null;
  return text.includes("\\") ? text.replace(/\\[\\nrt]/g, (e) => UNESCAPES[e]!) : text;
}

/** A checked cell value (see checkCell) as COPY text for its column. */
export function copyValue(value: unknown, spec: ColumnSpec): string {
  if (value === null || value === undefined) return "\\N";
  if (typeof value === "boolean") return value ? "t" : "f";
  if (spec.type === "month") return `${value as string}-01`;
  return copyText(String(value));
}

/** A growing byte buffer of COPY lines; `take` hands over what is written and starts afresh. */
export class CopyLines {
  bytes: Buffer;
  length = 0;

  constructor(private readonly initialSize = 1 << 20) {
    this.bytes = Buffer.allocUnsafe(initialSize);
  }

  /** Make room for n more bytes. */
  reserve(n: number): void {
    if (this.length + n <= this.bytes.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.length + n));
    this.bytes.copy(bigger, 0, 0, this.length);
    this.bytes = bigger;
  }

  byte(value: number): void {
    this.reserve(1);
    this.bytes[this.length++] = value;
  }

  /** A string already in COPY text form (see copyText/copyValue). */
  text(value: string): void {
    this.reserve(value.length * 3);
    this.length += this.bytes.write(value, this.length, "utf8");
  }

  /** A non-negative integer in decimal, without making a string of it. */
  integer(value: number): void {
    this.reserve(16);
    if (value === 0) {
      this.bytes[this.length++] = 48;
      return;
    }
    let digits = 0;
    for (let rest = value; rest > 0; rest = Math.floor(rest / 10)) digits++;
    let at = this.length + digits;
    for (let rest = value; rest > 0; rest = Math.floor(rest / 10)) this.bytes[--at] = 48 + (rest % 10);
    this.length += digits;
  }

  /** The bytes written since `from`, as one-byte characters: a cheap exact key for set lookups. */
  latin1(from: number): string {
    return this.bytes.toString("latin1", from, this.length);
  }

  /** Everything written so far (now owned by the caller), and a fresh buffer for what comes next. */
  take(): Buffer {
    const written = this.bytes.subarray(0, this.length);
    this.bytes = Buffer.allocUnsafe(Math.max(this.initialSize, this.bytes.length));
    this.length = 0;
    return written;
  }
}
