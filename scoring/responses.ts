// The response loop: every warning opens a request to the agency with a deadline (by colour);
// the agency's feedback answers it; a request past its deadline unanswered is overdue; once the
// indicator is green again in a later month the request is closed. Each change of state is an
// event, never an overwrite, so the site can show how every warning went.
import type pg from "pg";
import { executeOn, type Warehouse } from "../warehouse/connection.ts";
import type { RequestState } from "../warehouse/database.ts";
import type { ScoringConfig } from "./config.ts";

export interface ResponseLoopResult {
  opened: number;
  answered: number;
  overdue: number;
  closed: number;
}

interface RequestRow {
  request_id: string;
  warning_id: string;
  agency_code: string;
  indicator_code: string;
  colour: string;
  period_start: string;
  opened_on: string | null;
  deadline: string | null;
  state: RequestState | null;
  feedback_id: string | null;
  submitted_on: string | null;
  green_after_on: string | null;
}

const addDays = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** The first day after a month: when a warning about that month is raised. */
function dayAfterMonth(periodStart: string): string {
  const [y, m] = periodStart.split("-").map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 10);
}

/**
 * Bring every request up to date as of `today` (the run's date). Runs inside the scoring
 * transaction on `client`; a rerun on the same day and data records nothing new.
 */
export async function updateResponseRequests(
  warehouse: Warehouse,
  client: pg.PoolClient,
  config: ScoringConfig,
  today: string,
  feedbackTable: string | null,
): Promise<ResponseLoopResult> {
  const feedbackJoin = feedbackTable
    ? `left join lateral (select feedback_id, submitted_on::text from ${feedbackTable} f where f.warning_id = w.warning_id order by submitted_on limit 1) fb on true`
    : "left join lateral (select null::text as feedback_id, null::text as submitted_on) fb on true";
  // For each warning: its request (if any), its first feedback, and the first later month in which the indicator is green.
  const { rows } = await client.query<RequestRow>(
    `select w.warning_id as request_id, w.warning_id, w.agency_code, w.indicator_code, w.colour, w.period_start::text,
            r.opened_on::text, r.deadline::text, r.state, fb.feedback_id, fb.submitted_on,
            (select min(c.period_start)::text from scoring.indicator_colours c
              where c.agency_code = w.agency_code and c.indicator_code = w.indicator_code and c.grain = 'month'
                and c.period_start > w.period_start and c.colour = 'green') as green_after_on
       from scoring.warnings w
       left join scoring.response_requests r on r.warning_id = w.warning_id
       ${feedbackJoin}
      where w.grain = 'month'
      order by w.warning_id`,
  );
  const result: ResponseLoopResult = { opened: 0, answered: 0, overdue: 0, closed: 0 };
  const event = async (requestId: string, on: string, from: RequestState | null, to: RequestState, reason: string) => {
    await executeOn(
      client,
      warehouse.db.insertInto("scoring.response_request_events").values({ request_id: requestId, event_on: on, from_state: from, to_state: to, reason }).compile(),
    );
  };
  for (const row of rows) {
    let state = row.state;
    if (state === null) {
      const opened = dayAfterMonth(row.period_start);
      const deadline = addDays(opened, row.colour === "red" ? config.deadlines.redDays : config.deadlines.yellowDays);
      await executeOn(
        client,
        warehouse.db
          .insertInto("scoring.response_requests")
          .values({
            request_id: row.request_id,
            warning_id: row.warning_id,
            agency_code: row.agency_code,
            indicator_code: row.indicator_code,
            colour: row.colour,
            opened_on: opened,
            deadline,
            state: "open",
            feedback_id: null,
            config_version: config.version,
          })
          .compile(),
      );
      await event(row.request_id, opened, null, "open", `${row.colour} warning raised; answer due ${deadline}`);
      row.deadline = deadline;
      state = "open";
      result.opened++;
    }
    // What may have happened since, applied in date order so that, say, an indicator green
    // again on its deadline day closes the request before it could turn overdue.
    const closedOn = row.green_after_on ? dayAfterMonth(row.green_after_on) : null;
    const candidates: { on: string; to: RequestState; reason: string; from: RequestState[] }[] = [];
    if (row.feedback_id && row.submitted_on && row.submitted_on <= today) {
      candidates.push({ on: row.submitted_on, to: "answered", reason: `feedback ${row.feedback_id} received`, from: ["open", "overdue"] });
    }
    if (row.deadline && addDays(row.deadline, 1) <= today) {
      candidates.push({ on: addDays(row.deadline, 1), to: "overdue", reason: `no answer by ${row.deadline}`, from: ["open"] });
    }
    if (closedOn && closedOn <= today) {
      const month = row.green_after_on!.slice(0, 7);
      candidates.push({ on: closedOn, to: "closed", reason: `${row.indicator_code} back in the green for ${month}`, from: ["open", "answered", "overdue"] });
    }
    candidates.sort((a, b) => a.on.localeCompare(b.on));
    let next: RequestState = state;
    const updates: { feedback_id?: string; answered_on?: string; closed_on?: string } = {};
    for (const candidate of candidates) {
      if (!candidate.from.includes(next)) continue;
      await event(row.request_id, candidate.on, next, candidate.to, candidate.reason);
      if (candidate.to === "answered") {
        updates.feedback_id = row.feedback_id!;
        updates.answered_on = candidate.on;
        result.answered++;
      } else if (candidate.to === "overdue") result.overdue++;
      else {
        updates.closed_on = candidate.on;
        result.closed++;
      }
      next = candidate.to;
    }
    if (next !== state) {
      await executeOn(
        client,
        warehouse.db.updateTable("scoring.response_requests").set({ state: next, ...updates }).where("request_id", "=", row.request_id).compile(),
      );
    }
  }
  return result;
}
