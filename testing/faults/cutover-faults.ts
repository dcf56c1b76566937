import { brief, outcomeOf, runCli, startCli, startCliWithEnv } from "./cli-process";
import { CUTOVER_POINTS, pointOf, type CutoverCoverage } from "./cutover-points";
import { countRecovery, sleep, type FaultContext, type FaultResult } from "./fault-context";
import type { Owner } from "./settled-check";

/** Lease of every cut-over the suite runs: a killed one is settled within a few seconds. */
export const LEASE_MS = "3000";

/**
 * Kill right after the line of `point`, or `delayMs` after its header line wherever the command is
 * then. For `after`, the command is started with the failpoint STRANGLER_FAILPOINT_CUTOVER_FREEZE_AFTER
 * (docs/faults.md): it freezes its whole process right after printing that line, so the kill lands
 * there however busy the machine (the steps after a fence take milliseconds: without it, a loaded
 * machine let the command run on past the point). The row and the coverage still name the last point
 * it really printed.
 */
export type CutoverKill = { kind: "after"; point: string } | { kind: "random"; delayMs: number };

export const CLEAN_CUTOVER_ROW = "cut-over run to the end (no kill)";

const other = (owner: Owner): Owner => (owner === "monolith" ? "service" : "monolith");

/**
 * Runs `strangler cutover catalog --to <the other side> --lease 3000` under load and SIGKILLs it at
 * its kill point, then settles it as an operator would, chosen at random: wait for the catalog's
 * keeper (the lease expires in 3 s), `--resume`, or `--abort` (refused once it had committed: then
 * `--resume`). The caller then checks that no fence is left held.
 */
export async function killCutover(context: FaultContext, coverage: CutoverCoverage, kill: CutoverKill): Promise<FaultResult> {
  const { stack, random, ledger } = context;
  const to = other(context.owner);
  const pending = `cutover → ${to}: killed (round ${random.int(0, 1e9)})`;
  ledger.enter(pending);
  await sleep(random.int(0, 500));
  const spawnedAt = Date.now();
  const freezeAt = kill.kind === "after" ? CUTOVER_POINTS.findIndex((point) => point.label === kill.point) : -1;
  const failpoint: Record<string, string> = freezeAt >= 0 ? { STRANGLER_FAILPOINT_CUTOVER_FREEZE_AFTER: String(freezeAt) } : {};
  const run = startCliWithEnv(stack, failpoint, "cutover", "catalog", "--to", to, "--lease", LEASE_MS);
  let lastPoint = "nothing printed";
  let headerAt: number | undefined;
  run.onLine((line) => {
    const point = pointOf(line);
    if (point === null) return;
    coverage.sawPrinted(to, point);
    lastPoint = point;
    headerAt ??= Date.now();
    if (kill.kind === "after" && point === kill.point) void run.kill9();
    if (kill.kind === "random" && timer === undefined) timer = setTimeout(() => void run.kill9(), kill.delayMs);
  });
  let timer: NodeJS.Timeout | undefined;
  const outcome = await outcomeOf(run);
  clearTimeout(timer);
  const killed = outcome.exit === "signal:SIGKILL";
  if (!killed && outcome.exit === "0" && headerAt !== undefined) context.durations.cutover.push(Date.now() - headerAt);
  const row = !killed ? CLEAN_CUTOVER_ROW : kill.kind === "after" ? `cutover → ${to}: killed after ${lastPoint}` : `cutover → ${to}: killed at a random moment`;
  ledger.relabel(pending, row);
  if (!killed) {
    if (outcome.exit !== "0" && outcome.exit !== "1") ledger.failure("command", `cutover --to ${to} (not killed): ${brief(outcome)}`);
    ledger.tried(row);
    return { row, killed: false, note: `ended before its kill point (${kill.kind === "after" ? kill.point : `${kill.delayMs} ms`}): ${brief(outcome)}` };
  }
  ledger.tried(row);
  coverage.sawKilled(to, lastPoint);
  const killedAt = Date.now();
  const how = random.pick(["keeper", "resume", "abort"] as const);
  // The operator notices a moment later (random): sometimes before the keeper takes the expired lease, sometimes after.
  if (how === "keeper") countRecovery(context, "left to the keeper");
  const settled = how === "keeper" ? "left to the keeper" : `${await sleep(random.int(0, 1500)).then(() => settleByCommand(context, how))} (${Date.now() - killedAt} ms)`;
  const aimed = kill.kind === "after" ? `aimed after "${kill.point}"` : `aimed ${kill.delayMs} ms after its header`;
  return { row, killed: true, note: `killed ${killedAt - spawnedAt} ms after its start (${aimed}); ${settled}` };
}

/** `strangler cutover catalog --resume|--abort`, again while the dead command's lease is still live (or the keeper holds it a moment). */
async function settleByCommand(context: FaultContext, mode: "resume" | "abort"): Promise<string> {
  const deadline = Date.now() + 20_000;
  let current = mode;
  const said: string[] = [];
  for (;;) {
    const outcome = await runCli(context.stack, "cutover", "catalog", `--${current}`, "--lease", LEASE_MS);
    const last = outcome.stdout.trim().split("\n").pop() ?? "";
    if (outcome.exit === "0") {
      countRecovery(context, `--${mode}${current !== mode ? " → --resume" : ""}: ${/^no interrupted cut-over/.test(last) ? "found it settled by the keeper" : last.startsWith("done:") ? "ran the move to its end" : last.split(":")[0]}`);
      return `${[...said, `--${current}`].join(", ")}: ${last}`;
    }
    if (current === "abort" && outcome.exit === "1" && /had already committed/.test(outcome.stderr)) {
      said.push("--abort refused (had committed)");
      current = "resume";
      continue;
    }
    if (outcome.exit === "1" && /is at work|taken over by somebody else|took the lease/.test(outcome.stderr) && Date.now() < deadline) {
      await sleep(300);
      continue;
    }
    if (outcome.exit === "1") return `--${current} refused: ${brief(outcome)}`;
    context.ledger.failure("command", `cutover --${current}: ${brief(outcome)}`);
    return `--${current} failed`;
  }
}

/** A whole cut-over to the other side, not killed: ownership really moves back and forth under load. */
export async function cleanCutover(context: FaultContext, coverage: CutoverCoverage): Promise<string> {
  const { stack, ledger } = context;
  const to = other(context.owner);
  ledger.enter(CLEAN_CUTOVER_ROW);
  ledger.tried(CLEAN_CUTOVER_ROW);
  const run = startCli(stack, "cutover", "catalog", "--to", to, "--lease", LEASE_MS);
  let headerAt: number | undefined;
  run.onLine((line) => {
    const point = pointOf(line);
    if (point === null) return;
    coverage.sawPrinted(to, point);
    headerAt ??= Date.now();
  });
  const outcome = await outcomeOf(run);
  if (outcome.exit === "0" && headerAt !== undefined) context.durations.cutover.push(Date.now() - headerAt);
  if (outcome.exit === "0") return `moved to the ${to}: ${outcome.stdout.trim().split("\n").pop()}`;
  if (outcome.exit !== "1") ledger.failure("command", `cutover --to ${to}: ${brief(outcome)}`);
  return `not moved: ${brief(outcome)}`;
}
