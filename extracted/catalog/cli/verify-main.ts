import "reflect-metadata";
import { CDC_ERROR_CODES, verifyWritePath, WriteGroup, type WritePathVerifyReport } from "../../../cdc";
import { ConfigError } from "../../../platform";
import { CATALOG_ERROR_CODES } from "../errors";
import { openWritePath } from "./write-path";

const say = (line: string) => process.stdout.write(`${line}\n`);

function print(report: WritePathVerifyReport): void {
  say(`compared ${report.compared} row(s) of ${report.group}: ${report.drift.length} drifted key(s); owner: the ${report.owner} (a repair copies ${report.owner} → ${report.copy})`);
  for (const line of report.drift) say(`  ${line}`);
  if (!report.repair) return;
  if (report.repair.refused) return;
  for (const line of report.repair.repaired) say(`  repaired: ${line}`);
  say(`after repair: ${report.repair.after!.drift.length} drifted key(s)`);
  for (const line of report.repair.after!.drift) say(`  ${line}`);
}

/**
 * `npx tsx extracted/catalog/cli/verify-main.ts [--repair] [--json]` (run by `strangler verify
 * catalog`): compares the monolith and the catalog through the mapping. Exit 0 on no drift; 2 with
 * the drifted keys; with `--repair`, copies them from the owner of `catalog-writes` to the other side
 * (never into the owner), exit 0 when that left no drift; exit 1 when the repair was refused
 * (a cut-over at work, or sync from the owner not drained): nothing was changed then.
 */
async function run(args: string[]): Promise<number> {
  const repair = args.includes("--repair");
  const path = await openWritePath();
  try {
    const report = await verifyWritePath(new WriteGroup(path), { repair });
    if (args.includes("--json")) say(JSON.stringify(report, null, 2));
    else print(report);
    if (report.repair?.refused) {
      process.stderr.write(`${CDC_ERROR_CODES.repairRefused}: repair refused: ${report.repair.refused}. Nothing was changed.\n`);
      return 1;
    }
    const left = report.repair?.after?.drift ?? report.drift;
    if (left.length > 0 && !repair) process.stderr.write(`${CATALOG_ERROR_CODES.drift}: the catalog and the monolith differ; run again with --repair to copy those keys from the ${report.owner} (the owner)\n`);
    return left.length === 0 ? 0 : 2;
  } finally {
    await path.close();
  }
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof ConfigError ? err.message : `verify failed: ${err instanceof Error ? err.message : String(err)}`}\n`);
    process.exit(1);
  },
);
