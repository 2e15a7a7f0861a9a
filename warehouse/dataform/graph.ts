// The compiled graph as a list of runnable actions with resolved dependencies, and the
// selection rules of Dataform's CLI (--actions, --tags, --include-deps, --include-dependents).
import { TableType, type Assertion, type CompiledGraph, type Operation, type Table, type Target } from "./core.ts";

export type ActionKind = "table" | "incremental" | "view" | "operations" | "assertion";

export interface GraphAction {
  /** `schema.name`, the name Dataform's CLI prints and accepts. */
  name: string;
  kind: ActionKind;
  target: Target;
  /** Names of the actions this one reads (declarations are sources, not actions). */
  dependencies: string[];
  tags: string[];
  disabled: boolean;
  fileName: string;
  /** For the assertions a table's config declares (uniqueKey, nonNull, rowConditions). */
  parent: string | null;
  table?: Table;
  operation?: Operation;
  assertion?: Assertion;
}

export function targetName(target: Target | null | undefined): string {
  return `${target?.schema ?? ""}.${target?.name ?? ""}`;
}

function tableKind(table: Table): ActionKind {
  switch (table.enumType) {
    case TableType.INCREMENTAL:
      return "incremental";
    case TableType.VIEW:
      return "view";
    default:
      return "table";
  }
}

export function graphActions(graph: CompiledGraph): GraphAction[] {
  const common = (proto: Table | Operation | Assertion) => ({
    name: targetName(proto.target),
    target: proto.target ?? {},
    tags: [...(proto.tags ?? [])],
    disabled: Boolean(proto.disabled),
    fileName: proto.fileName ?? "",
    rawDependencies: (proto.dependencyTargets ?? []).map(targetName),
  });
  const raw = [
    // Inline tables are spliced into their readers' SQL; they never run on their own.
    ...(graph.tables ?? [])
      .filter((t) => t.enumType !== TableType.INLINE)
      .map((table) => ({ ...common(table), kind: tableKind(table), parent: null, table })),
    ...(graph.operations ?? []).map((operation) => ({
      ...common(operation),
      kind: "operations" as const,
      parent: null,
      operation,
    })),
    ...(graph.assertions ?? []).map((assertion) => ({
      ...common(assertion),
      kind: "assertion" as const,
      parent: assertion.parentAction ? targetName(assertion.parentAction) : null,
      assertion,
    })),
  ];
  const known = new Set(raw.map((a) => a.name));
  return raw.map(({ rawDependencies, ...action }) => ({
    ...action,
    dependencies: [...new Set(rawDependencies.filter((d) => known.has(d)))],
  }));
}

export interface Selection {
  actions?: string[];
  tags?: string[];
  includeDeps?: boolean;
  includeDependents?: boolean;
}

/** Resolve a name as given on the command line: `schema.name`, or a bare name if unambiguous. */
function resolveActionName(actions: GraphAction[], given: string): string {
  if (actions.some((a) => a.name === given)) return given;
  const matches = actions.filter((a) => a.target.name === given);
  if (matches.length === 1) return matches[0]!.name;
  if (matches.length > 1) {
    throw new Error(`action "${given}" is ambiguous: ${matches.map((m) => m.name).join(", ")}`);
  }
  throw new Error(`no action named "${given}"`);
}

function closure(start: Set<string>, next: (name: string) => string[]): Set<string> {
  const seen = new Set(start);
  const queue = [...start];
  while (queue.length > 0) {
    for (const other of next(queue.pop()!)) {
      if (!seen.has(other)) {
        seen.add(other);
        queue.push(other);
      }
    }
  }
  return seen;
}

/**
 * The actions a run executes, in graph order. With no --actions and no --tags, everything.
 * A selected table brings its own config assertions along: they are part of building it.
 */
export function selectActions(all: GraphAction[], selection: Selection = {}): GraphAction[] {
  const byName = new Map(all.map((a) => [a.name, a]));
  const named = (selection.actions ?? []).map((given) => resolveActionName(all, given));
  const tags = new Set(selection.tags ?? []);
  for (const tag of tags) {
    if (!all.some((a) => a.tags.includes(tag))) throw new Error(`no action has tag "${tag}"`);
  }
  let chosen: Set<string>;
  if (named.length === 0 && tags.size === 0) {
    chosen = new Set(all.map((a) => a.name));
  } else {
    chosen = new Set([...named, ...all.filter((a) => a.tags.some((t) => tags.has(t))).map((a) => a.name)]);
    if (selection.includeDeps) chosen = closure(chosen, (n) => byName.get(n)?.dependencies ?? []);
    if (selection.includeDependents) {
      const dependents = new Map<string, string[]>();
      for (const a of all) for (const d of a.dependencies) dependents.set(d, [...(dependents.get(d) ?? []), a.name]);
      chosen = closure(chosen, (n) => dependents.get(n) ?? []);
    }
    for (const a of all) if (a.parent && chosen.has(a.parent)) chosen.add(a.name);
  }
  return all.filter((a) => chosen.has(a.name));
}

/**
 * What each selected action waits for: its selected dependencies, and — like `dbt build` —
 * the config assertions of the tables it reads, so a failed check stops bad data spreading.
 */
export function runDependencies(selected: GraphAction[]): Map<string, string[]> {
  const names = new Set(selected.map((a) => a.name));
  const assertionsOf = new Map<string, string[]>();
  for (const a of selected) {
    if (a.parent) assertionsOf.set(a.parent, [...(assertionsOf.get(a.parent) ?? []), a.name]);
  }
  return new Map(
    selected.map((a) => {
      const direct = a.dependencies.filter((d) => names.has(d));
      const checks = a.kind === "assertion" ? [] : direct.flatMap((d) => assertionsOf.get(d) ?? []);
      return [a.name, [...new Set([...direct, ...checks])]];
    }),
  );
}

/**
 * The views (models and assertion views) that a rebuild of each action drops with `cascade`:
 * the views reading it, and the views reading those. Two actions whose sets meet would each
 * need an exclusive lock on a shared view while holding their own table — a deadlock — so the
 * runner never runs them at the same time.
 */
export function cascadeViews(all: GraphAction[]): Map<string, Set<string>> {
  const readers = new Map<string, GraphAction[]>();
  for (const action of all) {
    for (const dependency of action.dependencies) readers.set(dependency, [...(readers.get(dependency) ?? []), action]);
  }
  const isView = (a: GraphAction) => a.kind === "view" || a.kind === "assertion";
  return new Map(
    all.map((action) => {
      const views = new Set<string>();
      const queue = [action.name];
      while (queue.length > 0) {
        for (const reader of readers.get(queue.pop()!) ?? []) {
          if (isView(reader) && !views.has(reader.name)) {
            views.add(reader.name);
            queue.push(reader.name);
          }
        }
      }
      return [action.name, views];
    }),
  );
}
