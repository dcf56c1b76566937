import { CDC_ERROR_CODES, verifyWritePath, WriteGroup, type WritePath, type WritePathVerifyReport } from "../../cdc";

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
 * `extracted/<service>/cli/verify-main.ts [--repair] [--json]` (run by `strangler verify <service>`):
 * compares the monolith and the service through the mapping. Exit 0 on no drift; 2 with the drifted
 * keys (stderr names `driftCode`); with `--repair`, copies them from the owner of the write group to
 * the other side (never into the owner), exit 0 when that left no drift; exit 1 when the repair was
 * refused (a cut-over at work, or sync from the owner not drained): nothing was changed then.
 */
export async function runVerifyCommand(openWritePath: () => Promise<WritePath>, args: readonly string[], driftCode: string): Promise<number> {
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
    if (left.length > 0 && !repair) process.stderr.write(`${driftCode}: the ${path.service} and the monolith differ; run again with --repair to copy those keys from the ${report.owner} (the owner)\n`);
    return left.length === 0 ? 0 : 2;
  } finally {
    await path.close();
  }
}
