import "reflect-metadata";
import { mkdirSync } from "node:fs";
import { ConfigError } from "../../../platform";
import { readCatalogConfig } from "../config";
import { createCatalogDataSource, openCatalogDatabase } from "../data-source";
import { backfillCatalog, openMonolithDatabase } from "../sync";

/**
 * `npx tsx extracted/catalog/cli/backfill-main.ts`: copies the monolith's catalog into
 * `<STRANGLER_DATA_DIR>/catalog.sqlite` while the monolith keeps taking writes. Resumes after a
 * kill. Prints progress; exit code 0 when done.
 */
async function run(): Promise<number> {
  const config = readCatalogConfig();
  mkdirSync(config.dataDir, { recursive: true });
  const catalog = createCatalogDataSource(config.databasePath);
  await openCatalogDatabase(catalog);
  const monolith = await openMonolithDatabase(config.monolithDatabasePath);
  try {
    const started = Date.now();
    const result = await backfillCatalog(monolith, catalog, {
      onProgress: (p) => process.stdout.write(`backfill ${p.table}: ${p.tableRowsDone}/${p.tableRowsTotal} rows (all tables ${p.rowsDone}/${p.rowsTotal})\n`),
    });
    const resumed = Object.entries(result.tables).filter(([, table]) => table.resumed).map(([name]) => name);
    process.stdout.write(
      `backfill done in ${Date.now() - started} ms: ${result.rowsWritten} rows written, ${result.rowsSkipped} skipped (newer live change), consumer starts above position ${result.startPosition}${resumed.length ? `; resumed ${resumed.join(", ")}` : ""}\n`,
    );
    return 0;
  } finally {
    await monolith.destroy();
    await catalog.destroy();
  }
}

run().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof ConfigError ? err.message : `backfill failed: ${err instanceof Error ? err.message : String(err)}`}\n`);
    process.exit(1);
  },
);
