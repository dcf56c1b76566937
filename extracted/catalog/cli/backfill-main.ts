import "reflect-metadata";
import { mkdirSync } from "node:fs";
import { CDC_ERROR_CODES, OwnershipStore, readCheckpoint } from "../../../cdc";
import { ConfigError, restrictFileModes } from "../../../platform";
import { readCatalogConfig } from "../config";
import { createCatalogDataSource, openCatalogDatabase } from "../data-source";
import { BACKFILL_TABLES, backfillCatalog, openMonolithDatabase, SYNC_SOURCE, WRITE_GROUP } from "../sync";

/**
 * `npx tsx extracted/catalog/cli/backfill-main.ts`: copies the monolith's catalog into
 * `<STRANGLER_DATA_DIR>/catalog.sqlite` while the monolith keeps taking writes. Resumes after a
 * kill. Prints progress; exit code 0 when done.
 */
async function run(): Promise<number> {
  restrictFileModes();
  const config = readCatalogConfig();
  mkdirSync(config.dataDir, { recursive: true });
  const catalog = createCatalogDataSource(config.databasePath);
  await openCatalogDatabase(catalog);
  const ownership = await new OwnershipStore(catalog).read(WRITE_GROUP);
  const complete = (await Promise.all(BACKFILL_TABLES.map(({ table }) => readCheckpoint(catalog, SYNC_SOURCE, table)))).every((checkpoint) => checkpoint?.completed);
  // A complete backfill writes nothing (npm start runs it on every start); an unfinished one must not write over the owner's rows.
  if (ownership?.owner === "service" && !complete) {
    await catalog.destroy();
    process.stderr.write(
      `${CDC_ERROR_CODES.ownership}: backfill refused: the catalog owns ${WRITE_GROUP} (since ${ownership.changedAt}), so its rows are the system of record; a backfill copies monolith → catalog and would write over them. Nothing was changed. Use strangler verify catalog --repair (it copies from the owner).\n`,
    );
    return 1;
  }
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
