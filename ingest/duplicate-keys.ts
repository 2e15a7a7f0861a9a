// A key seen twice in one file: the first row lands, later ones are quarantined. The rows are already
// in raw.<source> by then, so the work is SQL over this load's rows — but a window over millions of
// rows costs seconds and almost every file has no duplicate at all. So while the rows stream past,
// a Bloom filter of their keys (fixed size: constant memory) notes the keys that may have been seen
// before; only those are looked at in SQL. The filter never misses a real repeat, so the result is
// exactly what the full window gives; a false alarm only costs a slightly larger look-up.
import type pg from "pg";
import { quoteIdent } from "../warehouse/connection.ts";
import { pgType, type SourceContract } from "./contracts/index.ts";
import { fromCopyText, type CopyLines } from "./copy-lines.ts";

/** Past this many possible repeats, the SQL looks at the whole load instead of a list of keys. */
const MAX_CANDIDATES = 100_000;
const PROBES = 4;
const SEPARATOR = 0xff; // never occurs in UTF-8, so ("ab","c") and ("a","bc") hash apart

export class DuplicateKeyFilter {
  private readonly words: Uint32Array;
  private readonly mask: number;
  /** Key values (one array per key column) that may repeat an earlier row's key; null: too many, check all. */
  candidates: string[][] | null;

  /** Size the filter by the file: about one bit per byte of input (≥ 100 bits per row for most sources), 64 Ki to 256 Mi bits. */
  constructor(
    readonly keyColumns: number,
    fileBytes: number,
  ) {
    let bits = 1 << 16;
    while (bits < fileBytes && bits < 1 << 28) bits *= 2;
    this.words = new Uint32Array(bits / 32);
    this.mask = bits - 1;
    this.candidates = Array.from({ length: keyColumns }, () => []);
  }

  /**
   * Note one row's key, given as byte ranges of its COPY text in `out`. Two FNV-1a hashes with different
   * offsets drive the probes (double hashing).
   */
  add(out: CopyLines, starts: Int32Array, ends: Int32Array): void {
    const bytes = out.bytes;
    let h1 = 0x811c9dc5;
    let h2 = 0x01000193 ^ 0x5bd1e995;
    for (let k = 0; k < this.keyColumns; k++) {
      for (let i = starts[k]!; i < ends[k]!; i++) {
        h1 = Math.imul(h1 ^ bytes[i]!, 0x01000193);
        h2 = Math.imul(h2 ^ bytes[i]!, 0x01000193);
      }
      h1 = Math.imul(h1 ^ SEPARATOR, 0x01000193);
      h2 = Math.imul(h2 ^ SEPARATOR, 0x01000193);
    }
    h2 = (h2 ^ (h2 >>> 15)) | 1;
    let seen = true;
    for (let p = 0; p < PROBES; p++) {
      const bit = (h1 + Math.imul(p, h2)) & this.mask;
      const word = bit >>> 5;
      const flag = 1 << (bit & 31);
      if ((this.words[word]! & flag) === 0) {
        seen = false;
        this.words[word] = this.words[word]! | flag;
      }
    }
    if (!seen || this.candidates === null) return;
    if (this.candidates[0]!.length >= MAX_CANDIDATES) {
      this.candidates = null;
      return;
    }
    for (let k = 0; k < this.keyColumns; k++) {
      this.candidates[k]!.push(fromCopyText(bytes.toString("utf8", starts[k], ends[k])) ?? "");
    }
  }
}

/**
 * Quarantine the later rows of every key that repeats in this load, each with the line of its first
 * row; returns how many rows moved. With a candidate list only rows with those keys are looked at.
 */
export async function rejectDuplicateKeys(
  client: pg.PoolClient,
  contract: SourceContract,
  loadId: number,
  fileName: string,
  candidates: string[][] | null,
): Promise<number> {
  if (candidates !== null && candidates[0]!.length === 0) return 0;
  const target = `${quoteIdent("raw")}.${quoteIdent(contract.name)}`;
  const keys = contract.key.map(quoteIdent).join(", ");
  const describeKey = contract.key.map((k) => `'${k}=' || coalesce(d.${quoteIdent(k)}::text, '')`).join(" || ', ' || ");
  const params: unknown[] = [loadId, contract.name, fileName, contract.key.join(",")];
  let onlyCandidates = "";
  if (candidates !== null) {
    // Key values travel as text arrays and are cast to the column types, so equality is the table's own.
    const columns = contract.key.map((k, i) => {
      params.push(candidates[i]);
      return `c${i}::${pgType(contract.columns[k]!)}`;
    });
    const unnest = contract.key.map((_, i) => `$${5 + i}::text[]`).join(", ");
    const names = contract.key.map((_, i) => `c${i}`).join(", ");
    onlyCandidates = `and (${keys}) in (select ${columns.join(", ")} from unnest(${unnest}) as candidate(${names}))`;
  }
  const result = await client.query(
    `with ranked as (
       select ctid, source_line,
              row_number() over (partition by ${keys} order by source_line) as position,
              min(source_line) over (partition by ${keys}) as first_line
         from ${target} where load_id = $1 ${onlyCandidates}
     ),
     removed as (
       delete from ${target} t using ranked r
        where t.ctid = r.ctid and r.position > 1 and t.load_id = $1
       returning t.*, r.first_line
     )
     insert into ops.rejected_rows (load_id, source, file_name, line, column_name, reason, raw)
     select $1, $2, $3, d.source_line, $4,
            'duplicate key (' || ${describeKey} || ') first seen on line ' || d.first_line,
            (to_jsonb(d) - 'load_id' - 'source_line' - 'first_line')::text
       from removed d`,
    params,
  );
  return result.rowCount ?? 0;
}
