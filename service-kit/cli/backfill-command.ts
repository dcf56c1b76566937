import { mkdirSync } from "node:fs";
import { CDC_ERROR_CODES, OwnershipStore, readCheckpoint } from "../../cdc";
import { restrictFileModes } from "../../platform";
import { backfillService } from "../sync/copy-from-monolith";
import { openMonolithDatabase } from "../sync/monolith-databases";
import { MONOLITH_SOURCE, type ServiceSync } from "../sync/service-sync";
import type { ServiceDatabases } from "./service-databases";

/**
 * `extracted/<service>/cli/backfill-main.ts`: copies the monolith's rows into the service's
 * database while the monolith keeps taking writes; resumes after a kill; prints progress. A complete
 * backfill writes nothing (npm start runs it on every start). Refused, changing nothing, while the
 * service owns its write group and the backfill is unfinished: it would write over the owner's rows.
 * Returns the exit code.
 */
export async function runBackfillCommand(sync: ServiceSync, databases: ServiceDatabases): Promise<number> {
  restrictFileModes();
  mkdirSync(databases.dataDir, { recursive: true });
  const db = await databases.open(databases.database);
  const ownership = await new OwnershipStore(db).read(sync.writeGroup);
  const complete = (await Promise.all(sync.forward.backfillTables.map(({ table }) => readCheckpoint(db, MONOLITH_SOURCE, table)))).every((checkpoint) => checkpoint?.completed);
  if (ownership?.owner === "service" && !complete) {
    await db.destroy();
    process.stderr.write(
      `${CDC_ERROR_CODES.ownership}: backfill refused: the ${sync.service} owns ${sync.writeGroup} (since ${ownership.changedAt}), so its rows are the system of record; a backfill copies monolith → ${sync.service} and would write over them. Nothing was changed. Use strangler verify ${sync.service} --repair (it copies from the owner).\n`,
    );
    return 1;
  }
  const monolith = await openMonolithDatabase(databases.monolithDatabase);
  try {
    const started = Date.now();
    const result = await backfillService(sync, monolith, db, {
      onProgress: (p) => process.stdout.write(`backfill ${p.table}: ${p.tableRowsDone}/${p.tableRowsTotal} rows (all tables ${p.rowsDone}/${p.rowsTotal})\n`),
    });
    const resumed = Object.entries(result.tables).filter(([, table]) => table.resumed).map(([name]) => name);
    process.stdout.write(
      `backfill done in ${Date.now() - started} ms: ${result.rowsWritten} rows written, ${result.rowsSkipped} skipped (newer live change), consumer starts above position ${result.startPosition}${resumed.length ? `; resumed ${resumed.join(", ")}` : ""}\n`,
    );
    return 0;
  } finally {
    await monolith.destroy();
    await db.destroy();
  }
}
