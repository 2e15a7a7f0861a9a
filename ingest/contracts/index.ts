// Every source the ingest stage accepts, by name: the one contracts module.
import { courtCases, procuratorateCases } from "./agency-cases.ts";
import { evaluationScores, justiceMonthlyReports, policeMonthlyReports, workDynamics } from "./agency-reports.ts";
import {
  agencyFeedback,
  congressReviews,
  deliberationOpinions,
  deputyMotions,
  procuratorialSuggestions,
  supervisionActivities,
} from "./congress.ts";
import type { SourceContract } from "./define.ts";
import { refAgencies, refIndicators, refRegions, refSupervisionBodies } from "./reference.ts";
import { internetDiscussions, petitions, transparencyScores } from "./society.ts";

export type { ColumnSpec, ColumnType, PersonalKind, SourceContract } from "./define.ts";
export { checkCell, headerKey, pgType, rangeProblem } from "./define.ts";

/** Reference catalogs, in the order they must load (agencies check regions). */
export const referenceContracts: SourceContract[] = [refRegions, refAgencies, refSupervisionBodies, refIndicators];

/** What agencies, the congress and third parties send. */
export const dataContracts: SourceContract[] = [
  workDynamics,
  evaluationScores,
  courtCases,
  procuratorateCases,
  policeMonthlyReports,
  justiceMonthlyReports,
  procuratorialSuggestions,
  deputyMotions,
  congressReviews,
  petitions,
  transparencyScores,
  internetDiscussions,
  supervisionActivities,
  deliberationOpinions,
  agencyFeedback,
];

export const contracts: SourceContract[] = [...referenceContracts, ...dataContracts];

const byName = new Map(contracts.map((c) => [c.name, c]));

export function contractFor(name: string): SourceContract {
  const contract = byName.get(name);
  if (!contract) throw new Error(`unknown source "${name}"; known sources: ${contracts.map((c) => c.name).join(", ")}`);
  return contract;
}

export function isSourceName(name: string): boolean {
  return byName.has(name);
}
