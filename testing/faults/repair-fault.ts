import { brief, outcomeOf, runCli, startCli, type CliOutcome } from "./cli-process";
import { sleep, typicalMs, type FaultContext, type FaultResult } from "./fault-context";
import { repairedKeysOf } from "./repair-runs";
import type { Owner } from "./settled-check";
import { productNames, strayWrite } from "./stray-write";

export const REPAIR_ROW = "verify --repair (after a stray write)";

const other = (owner: Owner): Owner => (owner === "monolith" ? "service" : "monolith");

/** Runs `strangler verify catalog --repair`, noting the run for the history check; `killAfterMs` SIGKILLs it (and its verify child). */
async function repairRun(context: FaultContext, killAfterMs?: number): Promise<CliOutcome> {
  const startedAt = Date.now();
  const run = startCli(context.stack, "verify", "catalog", "--repair");
  const timer = killAfterMs === undefined ? undefined : setTimeout(() => void run.kill9(), killAfterMs);
  const outcome = await outcomeOf(run);
  clearTimeout(timer);
  const killed = outcome.exit === "signal:SIGKILL";
  context.repairs.add({ startedAt, endedAt: Date.now(), killed, repairedKeys: repairedKeysOf(outcome.stdout) });
  if (!killed) context.durations.repair.push(Date.now() - startedAt);
  return outcome;
}

/**
 * Makes drift in the non-owner with a write that bypasses its fence (after checking that a plain
 * write there is refused), starts `verify --repair` and SIGKILLs it (with the verify process it
 * started) at a random moment; then reruns it, as the operator would, until it is not refused, and
 * checks that the drifted row is the owner's again.
 */
export async function killRepair(context: FaultContext, legacyProductId: number): Promise<FaultResult> {
  const { stack, random, ledger } = context;
  ledger.enter(REPAIR_ROW);
  const nonOwner = other(context.owner);
  const stray = await strayWrite(stack, nonOwner, legacyProductId, `stray write ${random.int(0, 1e9)}`);
  if (stray.notRefused !== null) ledger.failure("check", `a plain write into the non-owner (${nonOwner}) was not refused by its write fence: ${stray.notRefused}`);
  await sleep(random.int(0, 500));
  // A random moment of its run: within the time a whole run takes now.
  const killAfterMs = random.int(0, Math.round(0.9 * typicalMs(context.durations.repair, 4000)));
  const first = await repairRun(context, killAfterMs);
  const killed = first.exit === "signal:SIGKILL";
  if (killed) ledger.tried(REPAIR_ROW);
  else if (!["0", "1", "2"].includes(first.exit)) ledger.failure("command", `verify --repair: ${brief(first)}`);

  // Rerun as the operator would until it is not refused (1: a cut-over at work, or sync from the owner
  // not drained). Under load a row in flight may still differ afterwards (2); the stray drift must not.
  const deadline = Date.now() + 30_000;
  let runs = 0;
  for (;;) {
    const rerun = await repairRun(context);
    runs += 1;
    if (rerun.exit === "0" || rerun.exit === "2") break;
    if (rerun.exit !== "1" || Date.now() > deadline) {
      ledger.failure(rerun.exit === "1" ? "check" : "command", `verify --repair rerun ${runs} time(s), still: ${brief(rerun)}`);
      break;
    }
    await sleep(300);
  }
  const names = await productNames(stack, legacyProductId);
  if (names.monolith !== names.service) ledger.failure("check", `product ${legacyProductId} still differs after the repair: ${JSON.stringify(names)}`);
  return {
    row: REPAIR_ROW,
    killed,
    note: `${killed ? `killed after ${killAfterMs} ms` : `ended before the kill (${brief(first)})`}; rerun ${runs} time(s) (${context.owner} → ${nonOwner})`,
  };
}
