// The problems planted in the sample, which the models and scoring must find: each names the
// agency, the indicators that should turn yellow or red, the topic, and when it starts.
import type { Month } from "./calendar.ts";
import type { SampleCatalog } from "./catalog.ts";

export type ProblemTag = "难点" | "热点" | "弱点";

export interface PlantedProblem {
  id: string;
  agency_code: string;
  agency_name: string;
  indicator_codes: string[];
  indicator_names: string[];
  /** Petition / internet topic the problem also shows in, when it does. */
  topic: string | null;
  /** First month affected and the month the effect reaches full strength. */
  from: string;
  full_by: string;
  kind: "decay" | "rise" | "spike";
  description: string;
  expected_tags: ProblemTag[];
}

interface PlantSpec {
  id: string;
  agency: string;
  indicators: string[];
  topic: string | null;
  /** Months before the end when it starts, and how many months it takes to reach full strength. */
  startsMonthsBeforeEnd: number;
  rampMonths: number;
  kind: PlantedProblem["kind"];
  description: string;
  tags: ProblemTag[];
}

const SPECS: PlantSpec[] = [
  {
    id: "court-on-time-decay",
    agency: "FY330106",
    indicators: ["法定审限内结案率", "平均审理天数"],
    topic: null,
    startsMonthsBeforeEnd: 12,
    rampMonths: 12,
    kind: "decay",
    description: "西湖区人民法院: on-time closure falls from about 98% to about 85% over the last year, cases take longer.",
    tags: ["弱点", "难点"],
  },
  {
    id: "procuratorate-detention-rise",
    agency: "JC330110",
    indicators: ["诉前羁押率"],
    topic: null,
    startsMonthsBeforeEnd: 12,
    rampMonths: 10,
    kind: "rise",
    description: "余杭区人民检察院: pre-trial detention rises from about 30% to about 60% of prosecution reviews.",
    tags: ["弱点", "难点"],
  },
  {
    id: "police-complaints-spike",
    agency: "GA330109",
    indicators: ["涉警投诉率"],
    topic: "民警作风",
    startsMonthsBeforeEnd: 6,
    rampMonths: 2,
    kind: "spike",
    description:
      "萧山区公安分局: complaints about police conduct triple for six months, with petitions and negative internet " +
      "discussion on the same topic (民警作风) — a focus issue where weak and hot meet.",
    tags: ["弱点", "热点"],
  },
  {
    id: "court-enforcement-hot",
    agency: "FY330182",
    indicators: ["终本率", "执行到位率"],
    topic: "执行难",
    startsMonthsBeforeEnd: 9,
    rampMonths: 4,
    kind: "decay",
    description:
      "建德市人民法院: enforcement ends without recovery far more often and recovers less money, while petitions and " +
      "internet discussion about 执行难 concentrate on it.",
    tags: ["弱点", "热点", "难点"],
  },
  {
    id: "justice-mediation-decline",
    agency: "SF330127",
    indicators: ["人民调解成功率"],
    topic: null,
    startsMonthsBeforeEnd: 12,
    rampMonths: 8,
    kind: "decay",
    description: "淳安县司法局: people's mediation succeeds less and less (from about 96% to about 80%).",
    tags: ["弱点"],
  },
];

export interface Plants {
  problems: PlantedProblem[];
  /** 0 before the problem starts, rising to 1 at full strength, for a month key. */
  strength(id: string, agencyCode: string, month: string): number;
}

export function plantProblems(catalog: SampleCatalog, months: Month[]): Plants {
  const index = new Map(months.map((m, i) => [m.key, i]));
  const last = months.length - 1;
  const placed = SPECS.map((spec) => {
    const agency = catalog.agencies.find((a) => a.code === spec.agency);
    if (!agency) throw new Error(`planted problem ${spec.id}: agency ${spec.agency} is not in reference/agencies.csv`);
    const start = Math.max(0, last - spec.startsMonthsBeforeEnd + 1);
    const full = Math.min(last, start + spec.rampMonths - 1);
    const problem: PlantedProblem = {
      id: spec.id,
      agency_code: agency.code,
      agency_name: agency.name,
      indicator_codes: spec.indicators.map((name) => catalog.indicatorCode(name)),
      indicator_names: spec.indicators,
      topic: spec.topic,
      from: months[start]!.key,
      full_by: months[full]!.key,
      kind: spec.kind,
      description: spec.description,
      expected_tags: spec.tags,
    };
    return { problem, start, full };
  });
  const byId = new Map(placed.map((p) => [p.problem.id, p]));
  return {
    problems: placed.map((p) => p.problem),
    strength(id, agencyCode, month) {
      const plant = byId.get(id);
      const at = index.get(month);
      if (!plant || at === undefined || plant.problem.agency_code !== agencyCode || at < plant.start) return 0;
      if (plant.full === plant.start) return 1;
      return Math.min(1, (at - plant.start + 1) / (plant.full - plant.start + 1));
    },
  };
}
