import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testWarehouse, type TestWarehouse } from "../test/warehouse.ts";
import { defaultScoringConfig } from "./config.ts";
import { updateResponseRequests } from "./responses.ts";

let warehouse: TestWarehouse;

beforeAll(async () => {
  warehouse = await testWarehouse({ migrated: true });
  // The feedback staging model, as Dataform builds it, reduced to what the loop reads.
  await warehouse.rows("create schema staging; create table staging.stg_agency_feedback (feedback_id text, warning_id text, submitted_on date)");
  const warning = (id: string, indicator: string, colour: string) =>
    warehouse.rows(
      `insert into scoring.warnings (warning_id, agency_code, indicator_code, grain, period_start, colour, rules, explanation, evidence, config_version)
       values ($1, 'FY330106', $2, 'month', '2026-10-01', $3, '{interval}', 'x', '{}', 'test')`,
      [id, indicator, colour],
    );
  await warning("W-FY330106-CT02-2026-10", "CT02", "red");
  await warning("W-FY330106-CT03-2026-10", "CT03", "yellow");
  await warning("W-FY330106-CT13-2026-10", "CT13", "yellow");
  // CT13 is green again in November.
  await warehouse.rows(
    `insert into scoring.indicator_colours (agency_code, indicator_code, grain, period_start, value, numerator, denominator, colour, interval_colour, evidence, config_version, catalog_version)
     values ('FY330106', 'CT13', 'month', '2026-11-01', 0.3, 3, 10, 'green', 'green', '{}', 'test', 'test')`,
  );
});

afterAll(async () => {
  await warehouse.close();
});

async function advance(today: string) {
  const client = await warehouse.pool.connect();
  try {
    return await updateResponseRequests(warehouse, client, defaultScoringConfig, today, "staging.stg_agency_feedback");
  } finally {
    client.release();
  }
}

const states = async () =>
  Object.fromEntries(
    (await warehouse.rows<{ indicator_code: string; state: string }>("select indicator_code, state from scoring.response_requests order by 1")).map((r) => [
      r.indicator_code,
      r.state,
    ]),
  );

describe("the response loop", () => {
  it("opens a request per warning, due in 15 days for red and 30 for yellow", async () => {
    expect(await advance("2026-11-05")).toEqual({ opened: 3, answered: 0, overdue: 0, closed: 0 });
    const requests = await warehouse.rows("select indicator_code, opened_on::text, deadline::text, state from scoring.response_requests order by 1");
    expect(requests).toEqual([
      { indicator_code: "CT02", opened_on: "2026-11-01", deadline: "2026-11-16", state: "open" },
      { indicator_code: "CT03", opened_on: "2026-11-01", deadline: "2026-12-01", state: "open" },
      { indicator_code: "CT13", opened_on: "2026-11-01", deadline: "2026-12-01", state: "open" },
    ]);
  });

  it("marks a request overdue after its deadline and answered when feedback arrives", async () => {
    await warehouse.rows("insert into staging.stg_agency_feedback values ('FB-1', 'W-FY330106-CT03-2026-10', '2026-11-18')");
    expect(await advance("2026-11-20")).toEqual({ opened: 0, answered: 1, overdue: 1, closed: 0 });
    expect(await states()).toEqual({ CT02: "overdue", CT03: "answered", CT13: "open" });
  });

  it("answers an overdue request late, closes one whose indicator is green again, and keeps every step", async () => {
    await warehouse.rows("insert into staging.stg_agency_feedback values ('FB-2', 'W-FY330106-CT02-2026-10', '2026-11-25')");
    expect(await advance("2026-12-02")).toEqual({ opened: 0, answered: 1, overdue: 0, closed: 1 });
    expect(await states()).toEqual({ CT02: "answered", CT03: "answered", CT13: "closed" });
    const history = await warehouse.rows<{ event_on: string; from_state: string | null; to_state: string }>(
      "select event_on::text, from_state, to_state from scoring.response_request_events where request_id = 'W-FY330106-CT02-2026-10' order by event_on, to_state",
    );
    expect(history).toEqual([
      { event_on: "2026-11-01", from_state: null, to_state: "open" },
      { event_on: "2026-11-17", from_state: "open", to_state: "overdue" },
      { event_on: "2026-11-25", from_state: "overdue", to_state: "answered" },
    ]);
  });

  it("records nothing new when run again on the same day", async () => {
    const events = async () => (await warehouse.rows<{ n: number }>("select count(*)::int as n from scoring.response_request_events"))[0]!.n;
    const before = await events();
    expect(await advance("2026-12-02")).toEqual({ opened: 0, answered: 0, overdue: 0, closed: 0 });
    expect(await events()).toBe(before);
  });
});
