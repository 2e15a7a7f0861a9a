// Contracts of the reference catalogs in reference/*.csv: regions, agencies, indicators, supervision bodies.
import { count, decimal, defineSource, text } from "./define.ts";

export const AGENCY_TYPES = ["court", "procuratorate", "public_security", "justice"] as const;

export const refRegions = defineSource({
  name: "ref_regions",
  title: "行政区划 regions",
  category: "reference",
  description: "Province, city, county-level units and townships/streets, with resident population.",
  key: ["region_code"],
  columns: {
    region_code: text(["区划代码"], "Statistical division code (6 digits to county, 9 to township).", { required: true, example: "330106" }),
    name: text(["名称"], "Chinese name.", { required: true, example: "西湖区" }),
    level: text(["层级"], "province, city, county or township.", {
      required: true,
      values: ["province", "city", "county", "township"],
      example: "county",
    }),
    parent_code: text(["上级区划代码"], "Code of the enclosing unit; blank for the province.", { example: "330100" }),
    population: count(["常住人口"], "Resident population (persons, approx. 2023).", { required: true, example: "1180000" }),
  },
});

export const refAgencies = defineSource({
  name: "ref_agencies",
  title: "被监督机关 supervised agencies",
  category: "reference",
  description:
    "Courts, procuratorates, public-security and justice bureaus at city and county level, and the township-level " +
    "tribunals, police stations and justice offices the sources refer to. Codes: FY court, JC procuratorate, GA public " +
    "security, SF justice bureau + region code; FT tribunal, PCS police station, SFS justice office + township code.",
  key: ["agency_code"],
  columns: {
    agency_code: text(["机关代码"], "Agency code.", { required: true, example: "FY330106" }),
    name: text(["机关名称"], "Chinese name.", { required: true, example: "杭州市西湖区人民法院" }),
    agency_type: text(["机关类型"], "court, procuratorate, public_security or justice.", {
      required: true,
      values: AGENCY_TYPES,
      example: "court",
    }),
    level: text(["层级"], "city, county or township.", { required: true, values: ["city", "county", "township"], example: "county" }),
    region_code: text(["区划代码"], "Region the agency serves.", { required: true, region: true, example: "330106" }),
    parent_agency_code: text(["上级机关代码"], "Agency one level up (county agency for a township office).", { example: "" }),
  },
});

export const refIndicators = defineSource({
  name: "ref_indicators",
  title: "指标目录 indicator catalog",
  category: "reference",
  description:
    "The 52 indicators scored green/yellow/red. Green inside [green_lower, green_upper]; yellow outside it but inside " +
    "[red_lower, red_upper]; red beyond. A blank bound means that side is not bounded. Thresholds are configuration: " +
    "editing a row changes scoring without a code change; every row carries its source and version.",
  key: ["indicator_code"],
  columns: {
    indicator_code: text(["指标代码"], "Stable code, e.g. CT01.", { required: true, example: "CT02" }),
    name_zh: text(["指标名称"], "Chinese name.", { required: true, example: "法定审限内结案率" }),
    name_en: text(["英文名称"], "English name.", { required: true, example: "Closed within statutory term" }),
    agency_type: text(["机关类型"], "Agency type the indicator applies to, or all.", {
      required: true,
      values: [...AGENCY_TYPES, "all"],
      example: "court",
    }),
    dimension: text(["画像维度"], "Portrait dimension the indicator scores into.", { required: true, example: "efficiency" }),
    unit: text(["单位"], "rate (0–1), ratio, days, per_10k, per_1000, count or score.", {
      required: true,
      values: ["rate", "ratio", "days", "per_10k", "per_1000", "count", "score"],
      example: "rate",
    }),
    numerator: text(["分子"], "What is counted on top (source and condition).", { required: true, example: "court_cases closed within term" }),
    denominator: text(["分母"], "What it is divided by; blank for counts and scores.", { example: "court_cases closed" }),
    direction: text(["方向"], "higher_better, lower_better or two_sided.", {
      required: true,
      values: ["higher_better", "lower_better", "two_sided"],
      example: "two_sided",
    }),
    green_lower: decimal(["合理区间下限"], "Lower end of the reference interval.", { example: "0.95" }),
    green_upper: decimal(["合理区间上限"], "Upper end of the reference interval.", { example: "0.995" }),
    red_lower: decimal(["红色下限"], "Below this is red.", { example: "0.90" }),
    red_upper: decimal(["红色上限"], "Above this is red.", { example: "1" }),
    weight: decimal(["权重"], "Weight within its dimension.", { required: true, min: 0, example: "1" }),
    read_with: text(["配对指标"], "Indicator codes to read together with this one, comma-separated.", { example: "PR03" }),
    source: text(["依据"], "Where the interval comes from (document name or 'local choice').", { required: true, example: "local choice" }),
    version: text(["版本"], "Version of this row's thresholds.", { required: true, example: "2026.1" }),
  },
});

export const refSupervisionBodies = defineSource({
  name: "ref_supervision_bodies",
  title: "监督主体 supervision bodies",
  category: "reference",
  description: "Who supervises: the congress in plenary, its standing committee, special committees, deputy groups.",
  key: ["body_code"],
  columns: {
    body_code: text(["主体代码"], "Body code.", { required: true, example: "HZ-SC" }),
    name: text(["名称"], "Chinese name.", { required: true, example: "杭州市人大常委会" }),
    kind: text(["类型"], "plenary, standing_committee, special_committee or deputy_group.", {
      required: true,
      values: ["plenary", "standing_committee", "special_committee", "deputy_group"],
      example: "standing_committee",
    }),
    level: text(["层级"], "province, city or county.", { required: true, values: ["province", "city", "county"], example: "city" }),
    region_code: text(["区划代码"], "Region of the congress.", { required: true, region: true, example: "330100" }),
    parent_body_code: text(["上级主体代码"], "Body it belongs to (a special committee's standing committee).", { example: "" }),
  },
});
