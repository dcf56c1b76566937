import { leaseExpired, type CutoverLease, type HeldLease } from "../../../cdc";
import { cutoverSteps, type CutoverMarks, type Step } from "./cutover-steps";
import type { CutoverControl, Owner } from "./ports";

/** `run` a new cut-over; `resume` (finish) or `abort` (undo) one whose holder died. */
export type CutoverMode = "run" | "resume" | "abort";

export interface CutoverOptions {
  control: CutoverControl;
  mode: CutoverMode;
  /** The side that owns the writes afterwards (mode `run`). */
  to?: Owner;
  reason: string;
  /** Who this process is, in the lease and the audit (e.g. `strangler-cutover:<host>:<pid>`). */
  holder: string;
  /** Lease length: renewed every third of it; if this process dies, the service's keeper settles the group after it. */
  leaseMs: number;
  /** The service that keeps the group (for messages), e.g. `catalog`. */
  service: string;
  /** An operator's Ctrl-C: the cut-over stops and is undone (unless it committed: then it finishes). */
  signal?: AbortSignal;
  /** Each step as it finishes (progress output). */
  onStep?: (step: StepResult) => void;
  /** A line of progress during a long step (the catch-up before the fence). */
  onProgress?: (line: string) => void;
}

export interface StepResult {
  name: string;
  ms: number;
  detail?: string;
}

export interface CutoverReport {
  group: string;
  from: Owner;
  to: Owner;
  /**
   * `moved`: ownership changed now; `already`: the group was owned by `to`, its state was settled;
   * `finished`/`aborted`: an interrupted cut-over was finished/undone; `none`: nothing to resume or abort.
   */
  outcome: "moved" | "already" | "finished" | "aborted" | "none";
  steps: StepResult[];
  /** How long the group's writes were refused (proxy fence up to lifted); null when nothing was fenced. */
  fencedMs: number | null;
  drainedThrough: number | null;
  leaseId: string | null;
}

/** A cut-over that stopped: which step failed and why, what was taken back, and whether it had committed. */
export class CutoverFailed extends Error {
  constructor(
    readonly step: string,
    readonly reason: string,
    readonly owner: Owner,
    readonly undone: string[],
    readonly undoFailures: string[],
    /** The commit had happened: `owner` owns the group; only finishing failed. */
    readonly committed = false,
    finishHint = "",
  ) {
    super(
      committed
        ? `cut-over COMMITTED (the ${owner} owns the writes now) but finishing stopped at "${step}": ${reason}. ${finishHint}`
        : `cut-over stopped at "${step}": ${reason}. ` +
            (undoFailures.length === 0
              ? `Undone (${undone.length} step(s)); writes stay with the ${owner}.`
              : `UNDO INCOMPLETE: ${undoFailures.join("; ")}. Writes stay with the ${owner}; ${finishHint}`),
    );
    this.name = "CutoverFailed";
  }
}

/** Refused before anything changed. */
export class CutoverRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CutoverRefused";
  }
}

const seconds = (ms: number) => `${Math.max(0, Math.round(ms / 1000))} s`;

function describeLease(lease: CutoverLease): string {
  const move = lease.from === lease.to ? `settling (owner ${lease.from})` : `${lease.from} → ${lease.to}`;
  return `${move}, held by ${lease.holder}${lease.step ? `, last step "${lease.step}"` : ""}, started ${lease.startedAt}`;
}

/**
 * Moves the write ownership of a group (docs/write-path.md) under a lease: every step in order; on
 * a failure before the commit every completed step is undone, newest first, so the owner keeps the
 * writes; after the commit the rest is finished (settled) instead. If this process dies, its lease
 * expires and the service's keeper finishes or undoes it by the ownership record; `--resume` and
 * `--abort` do the same at once.
 */
export async function runCutover(options: CutoverOptions): Promise<CutoverReport> {
  const { control, reason, holder, leaseMs, onStep } = options;
  const signal = options.signal ?? new AbortController().signal;
  const record = await control.record();
  const from = record.owner;
  const finishHint = `The ${options.service} service finishes it once the lease expires (within ${seconds(leaseMs)}), or run \`strangler cutover ${options.service} --resume\`.`;
  const report = (to: Owner, outcome: CutoverReport["outcome"], steps: StepResult[], held: HeldLease | null): CutoverReport => ({
    group: control.group,
    from,
    to,
    outcome,
    steps,
    fencedMs: null,
    drainedThrough: null,
    leaseId: held?.leaseId ?? null,
  });

  let lease = await control.lease();
  // A keeper settling the group holds the lease for a moment: wait for it rather than refuse.
  const deadline = Date.now() + leaseMs;
  while (options.mode === "run" && lease && lease.from === lease.to && !leaseExpired(lease) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    lease = await control.lease();
  }
  if (lease && !leaseExpired(lease)) {
    throw new CutoverRefused(`a cut-over of ${control.group} is at work (${describeLease(lease)}; lease expires in ${seconds(Date.parse(lease.expiresAt) - Date.now())}). Wait for it. Nothing changed.`);
  }

  if (options.mode !== "run") {
    if (!lease) return report(from, "none", [], null);
    const committed = lease.from !== lease.to && from === lease.to;
    if (options.mode === "abort" && committed) {
      throw new CutoverRefused(
        `the interrupted cut-over (${describeLease(lease)}) had already committed: the ${from} owns ${control.group}. Run \`strangler cutover ${options.service} --resume\` to finish it; to move back, run \`strangler cutover ${options.service} --to ${lease.from}\` afterwards. Nothing changed.`,
      );
    }
    const held = await control.takeOver(lease, holder, leaseMs);
    if (!held) throw new CutoverRefused(`the interrupted cut-over of ${control.group} was taken over by somebody else meanwhile (the service's keeper?). Nothing changed.`);
    if (options.mode === "resume" && !committed && lease.from !== lease.to) {
      return moveUnderLease({ ...options, signal }, from, lease.to, held, finishHint);
    }
    const run = await settleStep(control, held, options.mode === "abort" ? `undo the interrupted cut-over (${describeLease(lease)})` : `finish the interrupted cut-over (${describeLease(lease)})`);
    onStep?.(run);
    await control.release(held);
    return report(from, options.mode === "abort" ? "aborted" : "finished", [run], held);
  }

  if (lease) {
    throw new CutoverRefused(
      `an interrupted cut-over of ${control.group} has not been settled yet (${describeLease(lease)}; its lease expired at ${lease.expiresAt}). ` +
        `The ${options.service} service's keeper settles it within seconds when it runs; or run \`strangler cutover ${options.service} --resume\` (finish it) or \`--abort\` (undo it). Nothing changed.`,
    );
  }
  const to = options.to!;
  if (from === to) {
    const held = await control.acquire({ from, to, reason, holder, leaseMs });
    if (!held) throw new CutoverRefused(`somebody took the lease of ${control.group} just now; try again. Nothing changed.`);
    try {
      const step = await settleStep(control, held, `check that ${control.group}'s fences and routing agree with its owner, the ${to}`);
      onStep?.(step);
      return report(to, "already", [step], held);
    } finally {
      await control.release(held);
    }
  }
  const parkedBack = await control.parked(to);
  if (parkedBack > 0) {
    throw new CutoverRefused(`the ${to} has ${parkedBack} change(s) parked on their way to the ${from}: once the ${to} owns the writes they must flow; replay them first (strangler sync parked / sync replay). Nothing changed.`);
  }
  const held = await control.acquire({ from, to, reason, holder, leaseMs });
  if (!held) throw new CutoverRefused(`somebody took the lease of ${control.group} just now; try again. Nothing changed.`);
  return moveUnderLease({ ...options, signal }, from, to, held, finishHint);
}

/** Settles the group (finish or undo, by the record) as one reported step. */
async function settleStep(control: CutoverControl, held: HeldLease, name: string): Promise<StepResult> {
  const started = Date.now();
  const done = await control.settle(held);
  return { name, ms: Date.now() - started, detail: done.length === 0 ? "nothing to change" : done.join("; ") };
}

/** The steps of a move from `from` to `to`, holding `held` (renewed in the background), then commit and finish. */
async function moveUnderLease(options: CutoverOptions & { signal: AbortSignal }, from: Owner, to: Owner, held: HeldLease, finishHint: string): Promise<CutoverReport> {
  const { control, reason, leaseMs, onStep } = options;
  const marks: CutoverMarks = {};
  const lost = new AbortController();
  const stopRenewing = renewInBackground(control, held, leaseMs, marks, reason, lost);
  const signal = AbortSignal.any([options.signal, lost.signal]);
  try {
    const plan = cutoverSteps({ from, to, reason, control, held, leaseMs, marks, onProgress: options.onProgress });
    const run = await runAll(plan, signal, onStep, (name) => control.renew(held, leaseMs, name));
    if (!run.failed) {
      const committed = await commitStep(control, held, to, reason).catch((err: unknown) => ({ failed: err instanceof Error ? err.message : String(err) }));
      if ("failed" in committed) run.failed = { step: "commit", reason: committed.failed };
      else {
        run.results.push(committed.result);
        onStep?.(committed.result);
      }
    }
    if (run.failed) {
      stopRenewing();
      const failure = await undoAll(run.done, run.failed.step, run.failed.reason, from, finishHint);
      // Fully undone: the lease goes at once. Otherwise it expires, and the keeper settles what is left.
      if (failure.undoFailures.length === 0) await control.release(held).catch(() => false);
      throw failure;
    }

    // Committed: from here on the new owner is the truth; finish, never undo. Ctrl-C no longer stops it.
    let finish: StepResult | null = null;
    let lastError = "";
    for (let attempt = 1; attempt <= 3 && !finish; attempt++) {
      try {
        finish = await settleStep(control, held, `finish: open the ${to}, route ${control.group} to it, lift the proxy fence`);
      } catch (err) {
        lastError = err instanceof Error ? err.message : String(err);
        await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
      }
    }
    if (!finish) throw new CutoverFailed("finish", lastError, to, [], [], true, finishHint);
    marks.openedAt = Date.now();
    run.results.push(finish);
    onStep?.(finish);
    stopRenewing();
    await control.release(held);
    return {
      group: control.group,
      from,
      to,
      outcome: "moved",
      steps: run.results,
      fencedMs: marks.fencedAt !== undefined ? marks.openedAt - marks.fencedAt : null,
      drainedThrough: marks.through ?? null,
      leaseId: held.leaseId,
    };
  } finally {
    stopRenewing();
  }
}

async function commitStep(control: CutoverControl, held: HeldLease, to: Owner, reason: string): Promise<{ result: StepResult }> {
  const started = Date.now();
  if (!(await control.commit(held, to, reason))) throw new Error("the lease was lost before the commit (it expired or was taken over): nothing was committed");
  return { result: { name: `commit: the ${to} owns ${control.group} from now on`, ms: Date.now() - started } };
}

/**
 * Renews the lease (and the proxy fence once it is up) every third of its length; when a renewal
 * finds the lease lost, aborts `lost` so the steps stop and are undone. Returns the stop function.
 */
function renewInBackground(control: CutoverControl, held: HeldLease, leaseMs: number, marks: CutoverMarks, reason: string, lost: AbortController): () => void {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const beat = async () => {
    if (stopped) return;
    try {
      if (!(await control.renew(held, leaseMs))) {
        lost.abort("the cut-over's lease was lost (not renewed in time: was this process paused?)");
        return;
      }
      if (marks.proxyFenced) await control.proxyFence(held.leaseId, leaseMs, reason);
    } catch {
      // A renewal that failed for a moment is tried again at the next beat; the lease has time left.
    }
    if (!stopped) timer = setTimeout(() => void beat(), Math.max(100, Math.floor(leaseMs / 3)));
  };
  timer = setTimeout(() => void beat(), Math.max(100, Math.floor(leaseMs / 3)));
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

interface Run {
  results: StepResult[];
  done: Step[];
  failed?: { step: string; reason: string };
}

/** Runs steps in order until one fails (or the signal fires before the next one); notes each step in the lease. */
async function runAll(plan: Step[], signal: AbortSignal, onStep: ((step: StepResult) => void) | undefined, note: (name: string) => Promise<boolean>): Promise<Run> {
  const run: Run = { results: [], done: [] };
  for (const step of plan) {
    const started = Date.now();
    try {
      if (signal.aborted) throw new Error(String(signal.reason ?? "interrupted by the operator"));
      if (!(await note(step.name))) throw new Error("the cut-over's lease was lost (not renewed in time: was this process paused?)");
      const detail = await step.run(signal);
      const result = { name: step.name, ms: Date.now() - started, ...(detail ? { detail } : {}) };
      run.results.push(result);
      run.done.push(step);
      onStep?.(result);
    } catch (err) {
      run.failed = { step: step.name, reason: err instanceof Error ? err.message : String(err) };
      return run;
    }
  }
  return run;
}

/** Takes back every completed step, newest first; an undo that fails is reported, the others still run. */
async function undoAll(done: Step[], failedStep: string, reason: string, owner: Owner, finishHint: string): Promise<CutoverFailed> {
  const undone: string[] = [];
  const failures: string[] = [];
  for (const step of [...done].reverse()) {
    if (!step.undo) continue;
    try {
      await step.undo();
      undone.push(step.name);
    } catch (err) {
      failures.push(`could not undo "${step.name}": ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return new CutoverFailed(failedStep, reason, owner, undone, failures, false, finishHint);
}
