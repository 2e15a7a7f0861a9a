// `jiandu score`: reads marts.indicator_values, colours every value with the three rules (the
// worst wins), judges each agency, and writes scoring.* in one transaction — replacing derived
// rows and upserting warnings by their stable id, so a rerun on unchanged data changes nothing.
import { sql } from "kysely";
import type { Warehouse } from "../warehouse/connection.ts";
import { executeOn } from "../warehouse/connection.ts";
import { migrateToLatest } from "../warehouse/migrate.ts";
import { defaultScoringConfig, parseScoringConfig, type ScoringConfig } from "./config.ts";
import { judgeAgency } from "./judgment.ts";
import { worstColour, type Colour, type Direction } from "./rules/colour.ts";
import { colourByFunnel, estimateOverdispersion, type FunnelVerdict } from "./rules/funnel.ts";
import { colourByInterval, type IntervalVerdict } from "./rules/interval.ts";
import { colourByTrend, type TrendVerdict } from "./rules/trend.ts";
import { warningExplanation } from "./explain.ts";
import { updateResponseRequests, type ResponseLoopResult } from "./responses.ts";
import { writeRecommendations } from "./recommend.ts";

export interface IndicatorRow {
  agency_code: string;
  agency_name: string;
  agency_type: string;
  level: string;
  indicator_code: string;
  indicator_name: string;
  grain: "month" | "quarter" | "year";
  period_start: string;
  numerator: number;
  denominator: number;
  value: number | null;
  unit: string;
  direction: Direction;
  green_lower: number | null;
  green_upper: number | null;
  red_lower: number | null;
  red_upper: number | null;
  weight: number;
  catalog_version: string;
}

export interface ColourRow {
  row: IndicatorRow;
  colour: Colour;
  interval: IntervalVerdict;
  funnel: FunnelVerdict | null;
  trend: TrendVerdict;
}

const STEP_MONTHS = { month: 1, quarter: 3, year: 12 } as const;

function monthsBetween(from: string, to: string): number {
  const [fy, fm] = from.split("-").map(Number) as [number, number];
  const [ty, tm] = to.split("-").map(Number) as [number, number];
  return (ty - fy) * 12 + (tm - fm);
}

/** The middle of the interval, for two-sided indicators ("worse" is further from it). */
function intervalMiddle(row: IndicatorRow): number | undefined {
  return row.green_lower !== null && row.green_upper !== null ? (row.green_lower + row.green_upper) / 2 : undefined;
}

/** Colour every value: interval rule, funnel rule for rates among peers, trend rule over the series. */
export function colourRows(rows: IndicatorRow[], config: ScoringConfig): ColourRow[] {
  const peersOf = new Map<string, IndicatorRow[]>();
  const seriesOf = new Map<string, IndicatorRow[]>();
  for (const row of rows) {
    const peerKey = `${row.indicator_code}|${row.agency_type}|${row.level}|${row.grain}|${row.period_start}`;
    const peers = peersOf.get(peerKey);
    if (peers) peers.push(row);
    else peersOf.set(peerKey, [row]);
    const seriesKey = `${row.agency_code}|${row.indicator_code}|${row.grain}`;
    const series = seriesOf.get(seriesKey);
    if (series) series.push(row);
    else seriesOf.set(seriesKey, [row]);
  }
  const dispersion = new Map(
    [...peersOf].map(([key, peers]) => [key, estimateOverdispersion(peers.map((p) => ({ numerator: p.numerator, denominator: p.denominator })), config.funnel.winsorise)]),
  );
  const out: ColourRow[] = [];
  for (const series of seriesOf.values()) {
    series.sort((a, b) => a.period_start.localeCompare(b.period_start));
    // Values in period order with gaps as null, so a missing month breaks a "worse each period" run.
    const values: (number | null)[] = [];
    series.forEach((row, i) => {
      if (i > 0) {
        const missing = monthsBetween(series[i - 1]!.period_start, row.period_start) / STEP_MONTHS[row.grain] - 1;
        for (let k = 0; k < missing; k++) values.push(null);
      }
      values.push(row.value);
      if (row.value === null) return;
      const interval = colourByInterval(row.value, {
        greenLower: row.green_lower,
        greenUpper: row.green_upper,
        redLower: row.red_lower,
        redUpper: row.red_upper,
      });
      const peerKey = `${row.indicator_code}|${row.agency_type}|${row.level}|${row.grain}|${row.period_start}`;
      const peers = dispersion.get(peerKey)!;
      const funnel =
        row.unit === "rate" && row.denominator > 0 && peers.peers >= config.funnel.minPeers && peers.p0 > 0 && peers.p0 < 1
          ? colourByFunnel({ numerator: row.numerator, denominator: row.denominator }, peers, row.direction, config.funnel)
          : null;
      const trendWindow = Math.max(config.trend.slopeMonths, config.trend.consecutivePeriods + 1);
      const trend = colourByTrend(values.slice(-trendWindow), row.direction, config.trend, intervalMiddle(row));
      const colour = worstColour([interval.colour, funnel?.colour ?? "green", trend.colour]);
      out.push({ row, colour, interval, funnel, trend });
    });
  }
  return out;
}

export interface ScoreResult {
  colours: number;
  judgments: number;
  warningsOpen: number;
  warningsNew: number;
  latestMonth: string | null;
  configVersion: string;
  requests: ResponseLoopResult;
  recommendations: number;
}

export interface ScoreOptions {
  /** The day the run counts as (deadlines, overdue); default today. */
  today?: string;
  /** The month whose findings become warnings and recommendations, "YYYY-MM"; default the latest with data. */
  period?: string;
}

/** Score the marts. Throws before writing anything if the configuration is invalid. */
export async function scoreWarehouse(
  warehouse: Warehouse,
  input: unknown = defaultScoringConfig,
  options: ScoreOptions = {},
): Promise<ScoreResult> {
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const config = parseScoringConfig(input);
  await migrateToLatest(warehouse);
  const { rows } = await sql<IndicatorRow>`
    select v.agency_code, a.name as agency_name, v.agency_type, a.level, v.indicator_code, v.indicator_name, v.grain,
           v.period_start::text as period_start, v.numerator::float8 as numerator, v.denominator::float8 as denominator,
           v.value::float8 as value, v.unit, v.direction, v.green_lower::float8 as green_lower, v.green_upper::float8 as green_upper,
           v.red_lower::float8 as red_lower, v.red_upper::float8 as red_upper, v.weight::float8 as weight, v.catalog_version
      from marts.indicator_values v
      join staging.stg_ref_agencies a on a.agency_code = v.agency_code`.execute(warehouse.db);
  const coloured = colourRows(rows, config);
  const months = new Set(rows.filter((r) => r.grain === "month").map((r) => r.period_start));
  const latestMonth = options.period ? `${options.period}-01` : [...months].sort().at(-1) ?? null;
  if (options.period && !months.has(`${options.period}-01`)) {
    throw new Error(`no indicator values for ${options.period}; months with data: ${[...months].sort()[0]?.slice(0, 7)} to ${[...months].sort().at(-1)?.slice(0, 7)}`);
  }

  const client = await warehouse.pool.connect();
  try {
    await client.query("begin");
    await client.query("delete from scoring.indicator_colours");
    await client.query("delete from scoring.agency_judgments");
    for (let i = 0; i < coloured.length; i += 2000) {
      const batch = coloured.slice(i, i + 2000).map((c) => ({
        agency_code: c.row.agency_code,
        indicator_code: c.row.indicator_code,
        grain: c.row.grain,
        period_start: c.row.period_start,
        value: c.row.value,
        numerator: c.row.numerator,
        denominator: c.row.denominator,
        colour: c.colour,
        interval_colour: c.interval.colour,
        funnel_colour: c.funnel?.colour ?? null,
        trend_colour: c.trend.colour,
        evidence: JSON.stringify({ interval: c.interval, funnel: c.funnel, trend: c.trend }),
        config_version: config.version,
        catalog_version: c.row.catalog_version,
      }));
      await executeOn(client, warehouse.db.insertInto("scoring.indicator_colours").values(batch).compile());
    }

    const byAgencyPeriod = new Map<string, ColourRow[]>();
    for (const c of coloured) {
      const key = `${c.row.agency_code}|${c.row.grain}|${c.row.period_start}`;
      const group = byAgencyPeriod.get(key);
      if (group) group.push(c);
      else byAgencyPeriod.set(key, [c]);
    }
    const judgments = [...byAgencyPeriod.values()].map((group) => {
      const first = group[0]!.row;
      const j = judgeAgency(group.map((c) => ({ indicatorCode: c.row.indicator_code, colour: c.colour, weight: c.row.weight })), config.judgment);
      return {
        agency_code: first.agency_code,
        grain: first.grain,
        period_start: first.period_start,
        judgment: j.judgment,
        severity: j.severity,
        red_count: j.redCount,
        yellow_count: j.yellowCount,
        drivers: JSON.stringify(j.drivers),
        config_version: config.version,
      };
    });
    for (let i = 0; i < judgments.length; i += 2000) {
      await executeOn(client, warehouse.db.insertInto("scoring.agency_judgments").values(judgments.slice(i, i + 2000)).compile());
    }

    // Warnings: the findings of the latest month an agency must answer, one stable id each.
    const findings = coloured.filter((c) => c.row.grain === "month" && c.row.period_start === latestMonth && c.colour !== "green");
    let warningsNew = 0;
    for (const c of findings) {
      const warningId = `W-${c.row.agency_code}-${c.row.indicator_code}-${c.row.period_start.slice(0, 7)}`;
      const rules = [c.interval, c.funnel, c.trend].filter((v): v is NonNullable<typeof v> => v !== null && v.colour !== "green").map((v) => v.rule);
      const values = {
        warning_id: warningId,
        agency_code: c.row.agency_code,
        indicator_code: c.row.indicator_code,
        grain: c.row.grain,
        period_start: c.row.period_start,
        colour: c.colour as "yellow" | "red",
        rules,
        explanation: warningExplanation(c),
        evidence: JSON.stringify({ interval: c.interval, funnel: c.funnel, trend: c.trend, numerator: c.row.numerator, denominator: c.row.denominator }),
        config_version: config.version,
      };
      const inserted = await executeOn<{ inserted: boolean }>(
        client,
        warehouse.db
          .insertInto("scoring.warnings")
          .values(values)
          .onConflict((oc) =>
            oc.column("warning_id").doUpdateSet({
              colour: (eb) => eb.ref("excluded.colour"),
              rules: (eb) => eb.ref("excluded.rules"),
              explanation: (eb) => eb.ref("excluded.explanation"),
              evidence: (eb) => eb.ref("excluded.evidence"),
              config_version: (eb) => eb.ref("excluded.config_version"),
              updated_at: sql`now()`,
            }).where(sql<boolean>`(scoring.warnings.colour, scoring.warnings.explanation, scoring.warnings.evidence, scoring.warnings.config_version) is distinct from (excluded.colour, excluded.explanation, excluded.evidence, excluded.config_version)`),
          )
          .returning(sql<boolean>`xmax = 0`.as("inserted"))
          .compile(),
      );
      if (inserted.rows[0]?.inserted) warningsNew++;
    }
    const feedback = await client.query<{ present: boolean }>("select to_regclass('staging.stg_agency_feedback') is not null as present");
    const requests = await updateResponseRequests(warehouse, client, config, today, feedback.rows[0]?.present ? "staging.stg_agency_feedback" : null);
    const tagged = await client.query<{ present: boolean }>("select to_regclass('marts.problem_tags') is not null as present");
    const recommendations = latestMonth && tagged.rows[0]?.present ? await writeRecommendations(warehouse, client, config, latestMonth) : 0;
    await client.query("commit");
    return {
      colours: coloured.length,
      judgments: judgments.length,
      warningsOpen: findings.length,
      warningsNew,
      latestMonth,
      configVersion: config.version,
      requests,
      recommendations,
    };
  } catch (error) {
    await client.query("rollback").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
