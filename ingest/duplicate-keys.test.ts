import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testWarehouse, type TestWarehouse } from "../test/warehouse.ts";
import { contractFor } from "./contracts/index.ts";
import { CopyLines } from "./copy-lines.ts";
import { DuplicateKeyFilter, rejectDuplicateKeys } from "./duplicate-keys.ts";

/** Feed keys (one COPY text per key column) through a filter as the row writer does. */
function feed(filter: DuplicateKeyFilter, keys: string[][]): void {
  const out = new CopyLines(64);
  const starts = new Int32Array(filter.keyColumns);
  const ends = new Int32Array(filter.keyColumns);
  for (const key of keys) {
    out.length = 0;
    key.forEach((part, k) => {
      starts[k] = out.length;
      out.text(part);
      ends[k] = out.length;
      out.byte(9);
    });
    filter.add(out, starts, ends);
  }
}

describe("duplicate-key filter", () => {
  it("flags every repeated key, with its values unescaped from COPY text", () => {
    const filter = new DuplicateKeyFilter(2, 10_000_000);
    const keys = Array.from({ length: 50_000 }, (_, i) => [`GA${i % 7_000}`, `2024-${String((i % 12) + 1).padStart(2, "0")}-01`]);
    keys.push(["a\\\\b", "2024-01-01"], ["a\\\\b", "2024-01-01"]);
    feed(filter, keys);
    const flagged = new Set(filter.candidates![0]!.map((k, i) => `${k}|${filter.candidates![1]![i]}`));
    const seen = new Set<string>();
    for (const [agency, month] of keys) {
      const key = `${agency!.replace("\\\\", "\\")}|${month}`;
      if (seen.has(key)) expect(flagged.has(key), key).toBe(true);
      seen.add(key);
    }
    expect(flagged.has("a\\b|2024-01-01")).toBe(true);
  });

  it("keys that differ only in where one column ends do not collide", () => {
    const filter = new DuplicateKeyFilter(2, 10_000_000);
    feed(filter, [["ab", "c"], ["a", "bc"]]);
    expect(filter.candidates).toEqual([[], []]);
  });

  it("gives up listing candidates past 100,000 and asks for the whole load to be checked", () => {
    const filter = new DuplicateKeyFilter(1, 0); // the smallest filter: 64 Ki bits
    feed(filter, Array.from({ length: 400_000 }, (_, i) => [String(i)]));
    expect(filter.candidates).toBeNull();
  });
});

describe("rejecting duplicate keys in SQL", () => {
  let warehouse: TestWarehouse;
  beforeAll(async () => {
    warehouse = await testWarehouse({ migrated: true });
  });
  afterAll(async () => {
    await warehouse.close();
  });

  /** A load of police reports with repeats, rejected with the given candidates; what stays and what moved. */
  async function landAndReject(candidates: string[][] | null) {
    const client = await warehouse.pool.connect();
    try {
      await client.query("begin");
      const { rows } = await client.query<{ load_id: string }>(
        `insert into ops.ingest_log (source, file_name, file_path, file_hash, file_bytes, status, started_at)
         values ('police_monthly_reports', 'repeats.csv', '/x/repeats.csv', md5(random()::text), 1, 'loading', now()) returning load_id`,
      );
      const loadId = Number(rows[0]!.load_id);
      await client.query(
        `insert into raw.police_monthly_reports (load_id, source_line, agency_code, month, criminal_cases_filed)
         select $1, line, 'GA33010' || (line % 3), make_date(2024, 1 + line % 4, 1), line from generate_series(2, 40) as line`,
        [loadId],
      );
      const moved = await rejectDuplicateKeys(client, contractFor("police_monthly_reports"), loadId, "repeats.csv", candidates);
      const kept = await client.query("select source_line from raw.police_monthly_reports where load_id = $1 order by 1", [loadId]);
      const reasons = await client.query("select line, reason from ops.rejected_rows where load_id = $1 order by line", [loadId]);
      await client.query("rollback");
      return { moved, kept: kept.rows, reasons: reasons.rows };
    } finally {
      client.release();
    }
  }

  it("moves the same rows with a candidate list (including false alarms) as with a look at the whole load", async () => {
    const whole = await landAndReject(null);
    expect(whole.moved).toBe(39 - 12); // 3 agencies × 4 months = 12 keys over 39 rows
    const candidates = [
      ["GA330100", "GA330101", "GA330102", "GA330109"],
      ["2024-01-01", "2024-02-01", "2024-03-01", "2024-04-01"],
    ];
    const listed = await landAndReject(candidates);
    // Only the listed keys are looked at: (GA330100, Jan), (GA330101, Feb), (GA330102, Mar) and a false alarm.
    const expectedMoved = whole.reasons.filter((r: { reason: string }) =>
      ["GA330100, month=2024-01-01", "GA330101, month=2024-02-01", "GA330102, month=2024-03-01"].some((k) => r.reason.includes(k)),
    );
    expect(listed.reasons).toEqual(expectedMoved);
    expect(listed.moved).toBe(expectedMoved.length);
    expect(await landAndReject([[], []])).toMatchObject({ moved: 0, reasons: [] });
  });
});
