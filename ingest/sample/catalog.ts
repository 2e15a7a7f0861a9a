// The reference catalogs as the sample generator sees them: which agencies exist, where, for how many people.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { referenceDir } from "../ingest.ts";

export interface Region {
  code: string;
  name: string;
  level: "province" | "city" | "county" | "township";
  parent: string;
  population: number;
}

export type AgencyType = "court" | "procuratorate" | "public_security" | "justice";

export interface Agency {
  code: string;
  name: string;
  type: AgencyType;
  level: "city" | "county" | "township";
  region: string;
  parent: string;
}

export interface Indicator {
  code: string;
  nameZh: string;
  agencyType: string;
  unit: string;
}

export interface SampleCatalog {
  regions: Region[];
  agencies: Agency[];
  indicators: Indicator[];
  bodies: { code: string; kind: string; level: string; region: string }[];
  region(code: string): Region;
  /** Agencies of a type at a level, e.g. every county court. */
  agenciesOf(type: AgencyType, level: Agency["level"]): Agency[];
  /** The indicator code for a Chinese name in the catalog; throws when the catalog lacks it. */
  indicatorCode(nameZh: string): string;
  /** Township regions of a county. */
  townships(countyCode: string): Region[];
}

function readCsv(file: string): Record<string, string>[] {
  return parse(readFileSync(join(referenceDir, file)), { columns: true, skip_empty_lines: true, bom: true }) as Record<string, string>[];
}

export function loadSampleCatalog(): SampleCatalog {
  const regions = readCsv("regions.csv").map((r) => ({
    code: r.region_code!,
    name: r.name!,
    level: r.level as Region["level"],
    parent: r.parent_code ?? "",
    population: Number(r.population),
  }));
  const agencies = readCsv("agencies.csv").map((a) => ({
    code: a.agency_code!,
    name: a.name!,
    type: a.agency_type as AgencyType,
    level: a.level as Agency["level"],
    region: a.region_code!,
    parent: a.parent_agency_code ?? "",
  }));
  const indicators = readCsv("indicators.csv").map((i) => ({
    code: i.indicator_code!,
    nameZh: i.name_zh!,
    agencyType: i.agency_type!,
    unit: i.unit!,
  }));
  const bodies = readCsv("supervision_bodies.csv").map((b) => ({ code: b.body_code!, kind: b.kind!, level: b.level!, region: b.region_code! }));
  const regionByCode = new Map(regions.map((r) => [r.code, r]));
  return {
    regions,
    agencies,
    indicators,
    bodies,
    region(code) {
      const region = regionByCode.get(code);
      if (!region) throw new Error(`region ${code} is not in reference/regions.csv`);
      return region;
    },
    agenciesOf(type, level) {
      return agencies.filter((a) => a.type === type && a.level === level);
    },
    indicatorCode(nameZh) {
      const found = indicators.find((i) => i.nameZh === nameZh);
      if (!found) throw new Error(`indicator "${nameZh}" is not in reference/indicators.csv`);
      return found.code;
    },
    townships(countyCode) {
      return regions.filter((r) => r.level === "township" && r.parent === countyCode);
    },
  };
}
