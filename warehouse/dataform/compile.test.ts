import { describe, expect, it } from "vitest";
import { dataformProject } from "../../test/warehouse.ts";
import { CompileFailure, compileOrThrow, compileProject, formatProblem } from "./compile.ts";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { projectRoot } from "../project.ts";
import { graphSummary } from "./describe.ts";
import { renderModelsMarkdown } from "./models-doc.ts";

describe("compile", () => {
  it("compiles SQLX and includes with Dataform core into actions with dependencies and docs", () => {
    const dir = dataformProject({
      "includes/sql.js": "module.exports = { pct: (n, d) => `round(100.0 * ${n} / nullif(${d}, 0), 1)` };",
      "definitions/sources/raw_cases.sqlx": `config { type: "declaration", schema: "raw", name: "court_cases", description: "landed cases" }`,
      "definitions/staging/stg_cases.sqlx": `config {
  type: "view", schema: "staging", tags: ["daily"],
  description: "cases, renamed",
  columns: { case_id: "case number" }
}
select case_no as case_id, closed from \${ref("raw", "court_cases")}`,
      "definitions/marts/closure.sqlx": `config { type: "table", assertions: { uniqueKey: ["k"] } }
select 1 as k, \${sql.pct("count(*) filter (where closed)", "count(*)")} as pct from \${ref("stg_cases")}`,
    });
    const summary = graphSummary(compileOrThrow({ projectDir: dir }));
    const byName = Object.fromEntries(summary.actions.map((a) => [a.name, a]));
    expect(Object.keys(byName).sort()).toEqual(["assertions.marts_closure_assertions_uniqueKey_0", "marts.closure", "staging.stg_cases"]);
    expect(byName["marts.closure"]!.dependencies).toEqual(["staging.stg_cases"]);
    expect(byName["staging.stg_cases"]!.sources).toEqual(["raw.court_cases"]);
    expect(byName["staging.stg_cases"]!.columns).toEqual([{ name: "case_id", description: "case number" }]);
    expect(byName["staging.stg_cases"]!.tags).toEqual(["daily"]);
    expect(byName["assertions.marts_closure_assertions_uniqueKey_0"]!.assertionOf).toBe("marts.closure");
    expect(summary.declarations.map((d) => d.name)).toEqual(["raw.court_cases"]);
  });

  it("names the file and line of an unresolved ref", () => {
    const dir = dataformProject({
      "definitions/ok.sqlx": `config { type: "table" }\nselect 1 as id`,
      "definitions/broken.sqlx": `config { type: "table" }\n\nselect *\nfrom \${ref("no_such_model")}\n`,
    });
    const { problems } = compileProject({ projectDir: dir });
    expect(problems.map(formatProblem)).toContain('definitions/broken.sqlx:4: Could not resolve "no_such_model"');
  });

  it("names the line of a JavaScript error inside a js block", () => {
    const dir = dataformProject({
      "definitions/js_error.sqlx": `config { type: "table" }\njs {\n  const limit = 10;\n  const x = notDefined.value;\n}\nselect \${limit}`,
    });
    const { problems } = compileProject({ projectDir: dir });
    expect(problems.map(formatProblem)).toEqual(["definitions/js_error.sqlx:4: notDefined is not defined"]);
  });

  it("names the line of a syntax error in a .js definition and an include", () => {
    const dir = dataformProject({
      "includes/broken.js": "module.exports = {\n  a: 1,\n  b: ,\n};\n",
      "definitions/actions.js": "publish('from_js', { type: 'table' }).query('select 1');\nconst = 2;\n",
    });
    const lines = compileProject({ projectDir: dir }).problems.map(formatProblem);
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^includes\/broken\.js:3: Unexpected token/),
        expect.stringMatching(/^definitions\/actions\.js:2: /),
      ]),
    );
  });

  it("names the line of an unknown config key", () => {
    const dir = dataformProject({
      "definitions/bad_config.sqlx": `config {\n  type: "table",\n  descripton: "typo"\n}\nselect 1`,
    });
    const [problem] = compileProject({ projectDir: dir }).problems;
    expect(problem!.file).toBe("definitions/bad_config.sqlx");
    expect(problem!.line).toBe(3);
    expect(problem!.message).toMatch(/descripton/);
  });

  it("rejects a dataform.json that is not for postgres, naming the file", () => {
    const dir = dataformProject({}, { warehouse: "bigquery", defaultSchema: "x", assertionSchema: "y" });
    expect(() => compileOrThrow({ projectDir: dir })).toThrow(CompileFailure);
    expect(() => compileOrThrow({ projectDir: dir })).toThrow(/dataform\.json: "warehouse" must be "postgres"/);
  });

  it("compiles the project's own definitions without problems, and docs/models.md is their rendering", () => {
    const result = compileProject();
    expect(result.problems).toEqual([]);
    expect(readFileSync(join(projectRoot, "docs", "models.md"), "utf8")).toBe(renderModelsMarkdown(graphSummary(result)));
  });

  it("documents every model: a description and a description for each column", () => {
    const models = graphSummary(compileProject()).actions.filter((a) => a.type !== "assertion");
    expect(models.filter((m) => m.description.trim() === "").map((m) => m.name)).toEqual([]);
    expect(models.filter((m) => m.columns.length === 0 || m.columns.some((c) => c.description.trim() === "")).map((m) => m.name)).toEqual([]);
  });
});
