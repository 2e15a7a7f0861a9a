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
