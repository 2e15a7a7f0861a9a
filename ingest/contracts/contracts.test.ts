import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testWarehouse, type TestWarehouse } from "../../test/warehouse.ts";
import { projectRoot } from "../../warehouse/project.ts";
import { renderContractsJson, renderContractsMarkdown } from "./docs.ts";
import { contracts, dataContracts, pgType } from "./index.ts";

let warehouse: TestWarehouse;
beforeAll(async () => {
  warehouse = await testWarehouse({ migrated: true });
});
afterAll(async () => {
  await warehouse.close();
});


describe("source contracts", () => {
  it("every contract has a migrated raw table with exactly its columns and types (a changed contract needs a migration)", async () => {
    for (const contract of contracts) {
      const columns = await warehouse.rows<{ column_name: string; data_type: string }>(
        "select column_name, data_type from information_schema.columns where table_schema = 'raw' and table_name = $1 order by ordinal_position",
        [contract.name],
      );
      const expected = [
        { column_name: "load_id", data_type: "bigint" },
        { column_name: "source_line", data_type: "integer" },
        ...Object.entries(contract.columns).map(([name, spec]) => ({ column_name: name, data_type: pgType(spec) })),
      ];
      expect(columns, contract.name).toEqual(expected);
    }
  });

  it("cover the eight data categories and the agencies' own records", () => {
    const names = dataContracts.map((c) => c.name);
    for (const name of [
      "work_dynamics", "evaluation_scores", "procuratorial_suggestions", "deputy_motions", "congress_reviews", "petitions",
      "transparency_scores", "internet_discussions", "court_cases", "procuratorate_cases", "police_monthly_reports",
      "justice_monthly_reports", "supervision_activities", "deliberation_opinions", "agency_feedback",
    ]) {
      expect(names).toContain(name);
    }
  });

  it("mark the personal data of petitions and cases", () => {
    const personal = (name: string) =>
      Object.entries(contracts.find((c) => c.name === name)!.columns).filter(([, s]) => s.personal).map(([c]) => c);
    expect(personal("petitions")).toEqual(["petitioner_name", "id_number", "phone", "request"]);
    expect(personal("court_cases")).toEqual(["litigant_name", "litigant_id_number"]);
    expect(personal("procuratorate_cases")).toEqual(["suspect_name", "suspect_id_number"]);
  });

  it("docs/data-contracts.md is the rendering of the contracts (run `npm run jiandu -- docs` after changing one)", () => {
    expect(readFileSync(join(projectRoot, "docs", "data-contracts.md"), "utf8")).toBe(renderContractsMarkdown());
    expect(readFileSync(join(projectRoot, "includes", "contracts.json"), "utf8")).toBe(renderContractsJson());
  });
});
