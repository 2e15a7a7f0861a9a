// Renders docs/data-contracts.md from the contracts themselves, so the page cannot drift from the code.
import { contracts, referenceContracts, type SourceContract } from "./index.ts";

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

function typeLabel(contract: SourceContract, name: string): string {
  const spec = contract.columns[name]!;
  const checks = [
    spec.min !== undefined ? `≥ ${spec.min}` : "",
    spec.max !== undefined ? `≤ ${spec.max}` : "",
    spec.agency ? "agency code" : "",
    spec.region ? "region code" : "",
    spec.values ? `one of ${spec.values.join(", ")}` : "",
  ].filter(Boolean);
  return checks.length > 0 ? `${spec.type} (${checks.join("; ")})` : spec.type;
}

function section(contract: SourceContract): string {
  const rows = Object.entries(contract.columns).map(([name, spec]) => {
    const personal = spec.personal ? ` **Personal data (${spec.personal}): raw and staging only.**` : "";
    return `| \`${name}\` | ${cell(spec.headers.join(", "))} | ${cell(typeLabel(contract, name))} | ${spec.required ? "yes" : ""} | ${cell(spec.example)} | ${cell(spec.description)}${personal} |`;
  });
  return [
    `## \`${contract.name}\` — ${contract.title}`,
    "",
    contract.description,
    "",
    `Category: ${contract.category}. Key: ${contract.key.map((k) => `\`${k}\``).join(" + ")}. ` +
      `Lands in \`raw.${contract.name}\`; inbox folder \`data/inbox/${contract.name}/\`.`,
    "",
    "| column | accepted headers | type | required | example | meaning |",
    "| --- | --- | --- | --- | --- | --- |",
    ...rows,
    "",
  ].join("\n");
}

export function renderContractsMarkdown(): string {
  const intro = [
    "# Data contracts",
    "",
    "Generated from `ingest/contracts/` by `npm run jiandu -- docs`; do not edit by hand (a test fails when it drifts).",
    "",
    "Every file is validated row by row against its source's contract. A header matches a column by its name or any",
    "accepted header (case, spaces and full-width brackets ignored); unknown headers are ignored with a note; a missing",
    "required column fails the file. Cells: dates as `2024-03-05`, `2024/3/5`, `2024年3月5日`, `2024.3.5` or Excel serials;",
    "months as `2024-03`, `2024年3月` or `202403`; numbers with full-width digits or thousands separators, a blank cell is",
    "blank (null), not zero; booleans as 是/否, Y/N, 1/0, true/false. A bad cell rejects its row into `ops.rejected_rows`",
    "with file, line, column and reason; good rows still land. A key seen twice in one file keeps its first row.",
    "",
    `Reference catalogs (\`reference/*.csv\`, loaded first): ${referenceContracts.map((c) => `\`${c.name}\``).join(", ")}.`,
    "",
  ];
  return [...intro, ...contracts.map(section)].join("\n");
}

/**
 * The contracts as JSON for Dataform (includes/contracts.json): definitions/sources declares
 * every raw table from it, so the models' sources carry the same docs as the contracts.
 */
export function renderContractsJson(): string {
  const plain = contracts.map((c) => ({
    name: c.name,
    title: c.title,
    description: c.description,
    key: c.key,
    columns: Object.fromEntries(
      Object.entries(c.columns).map(([name, spec]) => [
        name,
        { type: spec.type, description: spec.description, ...(spec.personal ? { personal: spec.personal } : {}) },
      ]),
    ),
  }));
  return `${JSON.stringify(plain, null, 2)}\n`;
}
