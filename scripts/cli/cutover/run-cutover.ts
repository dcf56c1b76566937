import { cutoverSteps, settleSteps, type CutoverMarks, type Step } from "./cutover-steps";
import { type DatabaseControl, type Owner, type ProxyControl } from "./ports";

export interface CutoverOptions {
  group: string;
  to: Owner;
  reason: string;
  proxy: ProxyControl;
  db: DatabaseControl;
  /** An operator's Ctrl-C: the cut-over stops and is undone. */
  signal?: AbortSignal;
  /** Each step as it finishes (progress output). */
  onStep?: (step: StepResult) => void;
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
  /** `moved`: ownership changed now; `already`: the group was on `to`, its fences were checked. */
  outcome: "moved" | "already";
  steps: StepResult[];
  /** How long the group's writes were refused (proxy fence up to lifted); null when nothing was fenced. */
  fencedMs: number | null;
  drainedThrough: number | null;
}

/** A cut-over that stopped: which step failed and why, and what was taken back. */
export class CutoverFailed extends Error {
  constructor(
    readonly step: string,
    readonly reason: string,
    readonly owner: Owner,
    readonly undone: string[],
    readonly undoFailures: string[],
  ) {
    super(
      `cut-over stopped at "${step}": ${reason}. ` +
        (undoFailures.length === 0
          ? `Undone (${undone.length} step(s)); writes stay with the ${owner}.`
          : `UNDO INCOMPLETE: ${undoFailures.join("; ")}. Run the same command again or \`strangler cutover … --to ${owner}\` to settle the state.`),
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

/**
 * Moves the write ownership of a route group to `to` (docs/write-path.md): every step in order,
 * and on any failure (or the signal) every completed step undone in reverse, so the previous
 * owner keeps the writes. Repeating a finished cut-over only re-checks its end state.
 */
export async function runCutover(options: CutoverOptions): Promise<CutoverReport> {
  const { group, to, reason, proxy, db, onStep } = options;
  const signal = options.signal ?? new AbortController().signal;
  const from = await proxy.ownerOf(group);
  if (from === to) {
    const run = await runAll(settleSteps(group, to, reason, proxy, db), signal, onStep);
    // Settling only makes the end state hold again; there is no previous state to go back to.
    if (run.failed) throw new CutoverFailed(run.failed.step, run.failed.reason, to, [], []);
    return { group, from, to, outcome: "already", steps: run.results, fencedMs: null, drainedThrough: null };
  }
  const parkedBack = await db.parked(to);
  if (parkedBack > 0) {
    throw new CutoverRefused(`the ${to} has ${parkedBack} change(s) parked on their way to the ${from}: once the ${to} owns the writes they must flow; replay them first (strangler sync parked / sync replay). Nothing changed.`);
  }
  const toWasFenced = await db.isFenced(to);
  const marks: CutoverMarks = {};
  const plan = cutoverSteps({ group, from, to, reason, proxy, db, toWasFenced, marks });
  const run = await runAll(plan, signal, onStep);
  if (run.failed) throw await undoAll(run.done, run.failed.step, run.failed.reason, from);
  return { group, from, to, outcome: "moved", steps: run.results, fencedMs: marks.openedAt! - marks.fencedAt!, drainedThrough: marks.through ?? null };
}

interface Run {
  results: StepResult[];
  done: Step[];
  failed?: { step: string; reason: string };
}

/** Runs steps in order until one fails (or the signal fires before the next one). */
async function runAll(plan: Step[], signal: AbortSignal, onStep?: (step: StepResult) => void): Promise<Run> {
  const run: Run = { results: [], done: [] };
  for (const step of plan) {
    const started = Date.now();
    try {
      if (signal.aborted) throw new Error("interrupted by the operator");
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
async function undoAll(done: Step[], failedStep: string, reason: string, owner: Owner): Promise<CutoverFailed> {
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
  return new CutoverFailed(failedStep, reason, owner, undone, failures);
}
