import { CUTOVER_POINTS, CutoverCoverage } from "./cutover-points";
import { cleanCutover, killCutover, type CutoverKill } from "./cutover-faults";
import { sleep, typicalMs, type FaultContext, type FaultResult } from "./fault-context";
import { startFaultLoad } from "./fault-load";
import { DISTURBS_SYNC, FaultPlan, NEEDS_SYNC, type FaultKind } from "./fault-plan";
import type { FaultStack } from "./fault-stack";
import { proveFinalState, type FinalProof } from "./final-proof";
import { killPart } from "./part-faults";
import { killRepair } from "./repair-fault";
import { openSyncProbe } from "./sync-probe";
import { RepairRuns } from "./repair-runs";
import { SeededRandom } from "../../platform";
import { waitSettled, type Owner } from "./settled-check";
import { WriteLedger, type RowStats } from "./write-ledger";

export const WARMUP_ROW = "load before the first fault";

export interface FaultRunOptions {
  stack: FaultStack;
  seed: number;
  /** Kills to make (each a SIGKILL that happened). */
  kills: number;
  /** Stop injecting after this long, whatever the count (the final proof still runs). */
  budgetMs: number;
  /** How long a group may take to settle after a fault's recovery. */
  settleTimeoutMs?: number;
  /** The deck of faults (default DECK, 50 kills; SMALL_DECK for a shorter run). */
  deck?: Readonly<Record<FaultKind, number>>;
  /**
   * Make the stray write of a repair fault into each side at least once: a repair fault whose
   * non-owner already had one, while the owner never had, flips ownership first (a whole cut-over).
   * For a short run, where the random owner could leave one side's fence and repair untried.
   */
  strayWritesBothWays?: boolean;
  say(line: string): void;
}

export interface FaultRunReport {
  kills: number;
  rounds: number;
  rows: RowStats[];
  proof: FinalProof;
  /** How killed cut-overs were settled, by outcome. */
  recoveries: Map<string, number>;
  /** Cut-over kill points printed but never killed after, per direction. */
  uncovered: Record<Owner, string[]>;
  ledger: WriteLedger;
}

const other = (owner: Owner): Owner => (owner === "monolith" ? "service" : "monolith");

/**
 * The fault run: a write load through the proxy for the whole time; faults dealt by a seeded plan,
 * each a SIGKILL at a random moment and the restart a user would do, each followed by the check
 * that no fence is left held; now and then a whole cut-over, so ownership moves back and forth;
 * then the load stops and the final proof runs.
 */
export async function runFaults(options: FaultRunOptions): Promise<FaultRunReport> {
  const { stack, say } = options;
  const started = Date.now();
  const random = new SeededRandom(options.seed);
  const ledger = new WriteLedger(WARMUP_ROW);
  const repairs = new RepairRuns();
  const coverage = new CutoverCoverage();
  const plan = new FaultPlan(random, options.deck);
  const first = await waitSettled(stack);
  if (!first.ok) throw new Error(`the stack is not settled before any fault: ${first.problems.join("; ")}`);
  const context: FaultContext = { stack, ledger, random, repairs, say, owner: first.owner!, recoveries: new Map(), durations: { repair: [], cutover: [] } };
  const driftPool = random.shuffle(Array.from({ length: 100 }, (_, i) => 101 + i));
  const probe = await openSyncProbe(stack);
  /** A catalog or nats-server kill since sync last caught up: the next cut-over or repair waits for it first. */
  let syncDisturbed = false;
  /** The sides a repair fault wrote a stray row into (its non-owner then). */
  const strayInto = new Set<Owner>();
  const catchUp = async () => {
    if (!syncDisturbed) return;
    const waited = await probe.caughtUp(60_000);
    if (!waited.ok) ledger.failure("check", `sync did not catch up within 60 s after the restarts: ${waited.detail}`);
    say(`            sync caught up both ways ${waited.ms} ms later${waited.ok ? "" : `: NOT (${waited.detail})`}`);
    syncDisturbed = false;
  };

  stack.onUnexpectedExit((part, how, tail) => {
    ledger.failure("process", `${part} exited without being killed (${how}); restarted. Its last lines:\n${tail}`);
    void stack.restart(part).catch((err: unknown) => ledger.failure("process", `${part} could not be restarted: ${String(err)}`));
  });

  const load = startFaultLoad({
    proxyUrl: stack.proxyUrl,
    monolithUrl: stack.monolithUrl,
    shopToken: stack.shopToken,
    ledger,
    seed: options.seed,
    productCategoryId: 1,
    renamedCategoryId: 2,
    // Products 1–100 for the legacy traffic, 101–200 for stray writes (the repair fault).
    stockProductIds: Array.from({ length: 100 }, (_, i) => 1 + i),
    pauseMs: 70,
  });
  await sleep(1500);

  const flip = async () => {
    await catchUp();
    const note = await cleanCutover(context, coverage);
    const look = await waitSettled(stack, options.settleTimeoutMs);
    if (!look.ok) ledger.failure("stuck-fence", `after a whole cut-over: ${look.problems.join("; ")} (saw ${look.seen})`);
    if (look.owner) context.owner = look.owner;
    say(`            cut-over: ${note}`);
  };

  /** A kill point of the cut-over in the direction ownership can move now; flips first when only the other direction has points left. */
  const stepKill = async (): Promise<CutoverKill> => {
    let open = coverage.uncovered(other(context.owner));
    if (open.length === 0 && coverage.uncovered(context.owner).length > 0) {
      await flip();
      open = coverage.uncovered(other(context.owner));
    }
    return { kind: "after", point: random.pick(open.length > 0 ? open : CUTOVER_POINTS.map((point) => point.label)) };
  };

  const inject = async (kind: FaultKind): Promise<FaultResult> => {
    switch (kind) {
      case "relay":
      case "catalog":
      case "nats":
      case "proxy":
        return killPart(context, kind);
      case "cutover-step":
        return killCutover(context, coverage, await stepKill());
      case "cutover-random":
        return killCutover(context, coverage, { kind: "random", delayMs: random.int(0, Math.round(0.9 * typicalMs(context.durations.cutover, 800))) });
      case "repair":
        if (options.strayWritesBothWays && strayInto.has(other(context.owner)) && !strayInto.has(context.owner)) await flip();
        strayInto.add(other(context.owner));
        return killRepair(context, driftPool.shift() ?? random.int(101, 200));
    }
  };

  let kills = 0;
  let rounds = 0;
  try {
    while (kills < options.kills && rounds < options.kills * 2 && Date.now() - started < options.budgetMs) {
      rounds += 1;
      const kind = plan.next();
      if (NEEDS_SYNC.has(kind)) await catchUp();
      const result = await inject(kind);
      if (DISTURBS_SYNC.has(kind)) syncDisturbed = true;
      if (result.killed) kills += 1;
      else plan.again(kind);
      const look = await waitSettled(stack, options.settleTimeoutMs);
      if (!look.ok) ledger.failure("stuck-fence", `${look.problems.join("; ")} (saw ${look.seen})`, result.row);
      if (look.owner) context.owner = look.owner;
      const seconds = String(Math.round((Date.now() - started) / 1000)).padStart(3);
      say(`[${String(kills).padStart(2)}/${options.kills} ${seconds} s] ${result.row}: ${result.note}; ${look.ok ? `settled in ${look.ms} ms, owner ${look.owner}` : `NOT SETTLED: ${look.problems.join("; ")}`}`);
      if (random.chance(0.1)) await flip();
    }
  } catch (err) {
    // A fault the harness could not recover from (a part that does not start again): stop the clients before failing.
    await load.stop().catch(() => undefined);
    throw err;
  } finally {
    await probe.close();
  }

  const expected = await load.stop();
  say(`load        stopped after ${Math.round((Date.now() - started) / 1000)} s: ${expected.products.length} product(s), ${expected.categories.length} categor(y/ies), ${expected.stock.length} stock level(s) to find`);
  const proof = await proveFinalState(stack, ledger, repairs, expected, say);
  return { kills, rounds, rows: ledger.all(), proof, uncovered: coverage.missing(), ledger, recoveries: context.recoveries };
}
