// The compiled graph as plain JSON — what `jiandu compile --json`, docs/models.md and the
// site's lineage page read, so none of them depends on core's proto objects.
import type { CompileProblem, CompileResult } from "./compile.ts";
import type { ColumnDescriptor } from "./core.ts";
import { graphActions, targetName } from "./graph.ts";

export interface ActionSummary {
  name: string;
  type: string;
  schema: string;
  table: string;
  file: string;
  description: string;
  columns: { name: string; description: string }[];
  dependencies: string[];
  /** Declared sources this action reads (raw tables, reference catalogs). */
  sources: string[];
  tags: string[];
  disabled: boolean;
  uniqueKey: string[];
  assertionOf: string | null;
}

export interface GraphSummary {
  dataformCoreVersion: string;
  warehouse: string;
  defaultSchema: string;
  assertionSchema: string;
  declarations: { name: string; description: string; columns: { name: string; description: string }[] }[];
  actions: ActionSummary[];
  problems: CompileProblem[];
}

function columnsOf(columns: ColumnDescriptor[] | null | undefined) {
  return (columns ?? []).map((c) => ({ name: (c.path ?? []).join("."), description: c.description ?? "" }));
}

export function graphSummary(result: CompileResult): GraphSummary {
  const { graph, projectConfig } = result;
  const declared = new Set((graph.declarations ?? []).map((d) => targetName(d.target)));
  const protoOf = new Map(
    [...(graph.tables ?? []), ...(graph.operations ?? []), ...(graph.assertions ?? [])].map((p) => [targetName(p.target), p]),
  );
  return {
    dataformCoreVersion: graph.dataformCoreVersion ?? "",
    warehouse: projectConfig.warehouse,
    defaultSchema: projectConfig.defaultSchema,
    assertionSchema: projectConfig.assertionSchema,
    declarations: (graph.declarations ?? []).map((d) => ({
      name: targetName(d.target),
      description: d.actionDescriptor?.description ?? "",
      columns: columnsOf(d.actionDescriptor?.columns),
    })),
    actions: graphActions(graph).map((action) => {
      const proto = protoOf.get(action.name);
      return {
        name: action.name,
        type: action.kind,
        schema: action.target.schema ?? "",
        table: action.target.name ?? "",
        file: action.fileName,
        description: proto?.actionDescriptor?.description ?? "",
        columns: columnsOf(proto?.actionDescriptor?.columns),
        dependencies: action.dependencies,
        sources: (proto?.dependencyTargets ?? []).map(targetName).filter((n) => declared.has(n)),
        tags: action.tags,
        disabled: action.disabled,
        uniqueKey: action.table?.uniqueKey ?? [],
        assertionOf: action.parent,
      };
    }),
    problems: result.problems,
  };
}
