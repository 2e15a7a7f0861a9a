// Every raw table the ingest stage lands, declared from the contracts (includes/contracts.json,
// written by `jiandu docs`), so models ref() them and inherit their column docs.
const contracts = require("includes/contracts.json");

for (const contract of contracts) {
  const columns = { load_id: "Load that landed the row (ops.ingest_log.load_id).", source_line: "Line of the row in its file." };
  for (const [name, column] of Object.entries(contract.columns)) {
    columns[name] = column.personal ? `${column.description} (personal data: ${column.personal})` : column.description;
  }
  declare({ schema: "raw", name: contract.name })
    .description(`${contract.title}. ${contract.description}`)
    .columns(columns);
}

// The loader's bookkeeping: which file each raw row came from.
declare({ schema: "ops", name: "ingest_log" })
  .description("One row per file the ingest stage saw: source, file, hash, counts, status (loading, loaded or failed), timing.")
  .columns({
    load_id: "Load id, written on every raw row the load landed.",
    source: "Source (raw table) the file was loaded into.",
    status: "loading, loaded or failed; only a loaded file's rows are in raw.",
  });

// Raw tables carry load_id without a foreign key (PostgreSQL's per-row key check doubled the cost of a
// bulk COPY; see warehouse/migrations/0008): this is the relationship test instead.
assert("raw_rows_come_from_loaded_files")
  .tags(["staging"])
  .description("Every raw row's load_id names a load in ops.ingest_log that finished as loaded: no row from a failed, unfinished or unknown load.")
  .query((ctx) =>
    contracts
      .map(
        (contract) => `select '${contract.name}' as source, r.load_id, count(*) as orphan_rows
from ${ctx.ref("raw", contract.name)} r
left join ${ctx.ref("ops", "ingest_log")} l on l.load_id = r.load_id and l.status = 'loaded'
where l.load_id is null
group by r.load_id`,
      )
      .join("\nunion all\n"),
  );
