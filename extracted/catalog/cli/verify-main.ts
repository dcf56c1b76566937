import "reflect-metadata";
import { describeDrift } from "../../../cdc";
import { ConfigError } from "../../../platform";
import { readCatalogConfig } from "../config";
import { createCatalogDataSource, openCatalogDatabase } from "../data-source";
import { CATALOG_ERROR_CODES } from "../errors";
import { openMonolithDatabase, repairCatalog, verifyCatalog } from "../sync";

/**
 * `npx tsx extracted/catalog/cli/verify-main.ts [--repair]`: compares the monolith and the catalog
 * through the mapping. Exit 0 on no drift; otherwise lists each drifted key and exits 2 (after a
 * `--repair`, it verifies again and exits 0 only when the repair left no drift).
 */
async function run(args: string[]): Promise<number> {
  const fix = args.includes("--repair");
  const config = readCatalogConfig();
  const catalog = createCatalogDataSource(config.databasePath);
  await openCatalogDatabase(catalog);
  const monolith = await openMonolithDatabase(config.monolithDatabasePath);
  try {
    let report = await verifyCatalog(monolith, catalog);
    const compared = Object.entries(report.compared).map(([table, count]) => `${table} ${count}`).join(", ");
    process.stdout.write(`compared ${compared}: ${report.drift.length} drifted key(s)\n`);
    for (const drift of report.drift) process.stdout.write(`  ${describeDrift(drift)}\n`);
    if (report.drift.length === 0) return 0;
    if (!fix) {
      process.stderr.write(`${CATALOG_ERROR_CODES.drift}: the catalog differs from the monolith; run again with --repair to re-sync those keys\n`);
      return 2;
    }
    for (const repaired of await repairCatalog(monolith, catalog, report)) process.stdout.write(`  repaired (${repaired.outcome}): ${repaired.drift}\n`);
    report = await verifyCatalog(monolith, catalog);
    process.stdout.write(`after repair: ${report.drift.length} drifted key(s)\n`);
    for (const drift of report.drift) process.stdout.write(`  ${describeDrift(drift)}\n`);
    return report.drift.length === 0 ? 0 : 2;
  } finally {
    await monolith.destroy();
    await catalog.destroy();
  }
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof ConfigError ? err.message : `verify failed: ${err instanceof Error ? err.message : String(err)}`}\n`);
    process.exit(1);
  },
);
