// Renders docs/models.md from the compiled graph: every model's description, columns and lineage.
import type { ActionSummary, GraphSummary } from "./describe.ts";

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

function model(action: ActionSummary, checks: ActionSummary[]): string {
  const lines = [`### \`${action.name}\` (${action.type})`, "", action.description || "_No description._", ""];
  const inputs = [...action.sources.map((s) => `\`${s}\` (source)`), ...action.dependencies.map((d) => `\`${d}\``)];
  if (inputs.length > 0) lines.push(`Reads: ${inputs.join(", ")}.`, "");
  if (action.uniqueKey.length > 0) lines.push(`Unique key: ${action.uniqueKey.map((k) => `\`${k}\``).join(", ")}.`, "");
  if (checks.length > 0) lines.push(`Checks: ${checks.map((c) => `\`${c.name}\``).join(", ")}.`, "");
  if (action.columns.length > 0) {
    lines.push("| column | meaning |", "| --- | --- |", ...action.columns.map((c) => `| \`${c.name}\` | ${cell(c.description)} |`), "");
  }
  lines.push(`Defined in \`${action.file}\`.`, "");
  return lines.join("\n");
}

export function renderModelsMarkdown(summary: GraphSummary): string {
  const models = summary.actions.filter((a) => a.type !== "assertion");
  const checksOf = (name: string) => summary.actions.filter((a) => a.type === "assertion" && a.assertionOf === name);
  const standalone = summary.actions.filter((a) => a.type === "assertion" && !a.assertionOf);
  const layers = ["staging", "intermediate", "marts"];
  const out = [
    "# Models",
    "",
    "Generated from the compiled Dataform graph by `npm run jiandu -- docs`; do not edit by hand (a test fails when it drifts).",
    `Dataform core ${summary.dataformCoreVersion}, warehouse ${summary.warehouse}. ${models.length} models, ` +
      `${summary.actions.length - models.length} assertions, ${summary.declarations.length} declared sources.`,
    "",
  ];
  for (const layer of [...layers, ...new Set(models.map((m) => m.schema).filter((s) => !layers.includes(s)))]) {
    const inLayer = models.filter((m) => m.schema === layer);
    if (inLayer.length === 0) continue;
    out.push(`## ${layer}`, "", ...inLayer.map((m) => model(m, checksOf(m.name))));
  }
  if (standalone.length > 0) {
    out.push("## Assertions across models", "");
    for (const a of standalone) out.push(`- \`${a.name}\`: ${a.description || "_No description._"}`);
    out.push("");
  }
  out.push("## Sources", "", ...summary.declarations.map((d) => `- \`${d.name}\`: ${cell(d.description)}`), "");
  return out.join("\n");
}
