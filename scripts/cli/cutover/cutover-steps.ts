import type { DrainProgress, DrainStatus, DrainWait, HeldLease, KeyValue, LogPositions, VerifyOutcome } from "../../../cdc";
import type { CutoverControl, Owner } from "./ports";

/** One step of a cut-over and how to take it back. */
export interface Step {
  name: string;
  run(signal: AbortSignal): Promise<string | void>;
  /** Absent: nothing to take back (a check, or a step whose effect the next undo covers). */
  undo?: () => Promise<void>;
}

export interface CutoverPlanInput {
  from: Owner;
  to: Owner;
  reason: string;
  control: CutoverControl;
  held: HeldLease;
  leaseMs: number;
  /** Filled in as the steps run. */
  marks: CutoverMarks;
  /** A line of progress during a long step (the catch-up), every CATCH_UP_PROGRESS_EVERY_MS. */
  onProgress?: (line: string) => void;
}

/** A progress line of the catch-up this often (the first after this long: a short catch-up prints none). */
export const CATCH_UP_PROGRESS_EVERY_MS = 5000;
/**
 * After the first catch-up round, the catch-up runs again to the new log head while a round took
 * longer than this (up to MAX_CATCH_UP_ROUNDS): a long catch-up leaves the changes made meanwhile
 * to the next round, not to the drain inside the fence.
 */
export const SHORT_CATCH_UP_ROUND_MS = 1000;
export const MAX_CATCH_UP_ROUNDS = 4;

/** What the steps note for the report. */
export interface CutoverMarks {
  /** Position the gaining side had caught up to before anything was fenced. */
  caughtUp?: number;
  /** Position drained through inside the fence. */
  through?: number;
  /** The full verify before the fence: both logs' positions when it began, and the keys that differed. */
  verified?: { since: LogPositions; keys: Record<string, KeyValue[]> };
  /** When writes started to be refused (the proxy fence), and when they were let through again. */
  fencedAt?: number;
  openedAt?: number;
  /** True once the proxy fence is up: the lease renewal renews it too. */
  proxyFenced?: boolean;
}

const count = (value: number) => value.toLocaleString("en");
const secs = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;

/** What is missing and where to look: rows not taken, and whether the relay or the consumer is behind. */
function missing(status: DrainStatus, from: Owner, to: Owner): string {
  const first = status.pending[0];
  const relay =
    status.unpublished !== null && status.unpublished > 0
      ? `; ${count(status.unpublished)} not yet published by the ${from}'s relay (is it running?)`
      : `; the ${to}'s consumer has not applied them (is it running?)`;
  return `${status.pending.length} row(s) up to position ${status.through} not taken by the ${to} (first: ${first?.table} ${first?.key} at ${first?.position})${relay}`;
}

function parkedError(status: DrainStatus, to: Owner): Error {
  const first = status.parked[0];
  return new Error(`${status.parked.length} change(s) parked in the ${to} (first: ${first.table} ${first.key} at position ${first.position}); see strangler sync parked`);
}

/** The failure of the drain inside the fence, in words. */
function undrained(status: DrainStatus, from: Owner, to: Owner): Error {
  if (status.parked.length > 0) return parkedError(status, to);
  return new Error(`not drained within --drain-timeout: ${missing(status, from, to)}`);
}

/** The failure of the catch-up before the fence (no progress for --catch-up-stall), in words, with the fix. */
function notCaughtUp(status: DrainWait, from: Owner, to: Owner): Error {
  if (status.parked.length > 0) return parkedError(status, to);
  return new Error(
    `the catch-up made no progress for ${secs(status.idleMs)} (--catch-up-stall; ${secs(status.elapsedMs)} in all): ${missing(status, from, to)}. ` +
      `Check \`strangler sync status\`, start the relay or consumer that is stopped and run the command again; ` +
      `if sync is only slow (a busy machine), allow longer pauses with --catch-up-stall <ms>`,
  );
}

/** One line of a catch-up's progress. */
function catchUpLine(status: DrainStatus, progress: DrainProgress, elapsedMs: number, from: Owner, to: Owner): string {
  const parts = [`${status.pending.length} row(s) of the moved tables up to position ${status.through} not yet taken by the ${to}`];
  if (status.unpublished !== null && status.unpublished > 0) parts.push(`${count(status.unpublished)} change(s) not yet published by the ${from}'s relay`);
  if (progress.consumer) parts.push(`the ${to}'s consumer took its last batch ${secs(Math.max(0, Date.now() - Date.parse(progress.consumer.lastBatchAt)))} ago`);
  return `    … catching up (${secs(elapsedMs)}): ${parts.join("; ")}; last progress ${secs(progress.idleMs)} ago`;
}

/**
 * The cut-over up to its commit, in order: let the gaining side catch up (for as long as it makes
 * progress: bounded by --catch-up-stall, not by a deadline) and verify every row while writes still
 * flow (so the fenced window depends neither on how far sync was behind nor on the tables' size),
 * fence at the proxy (clients get a retryable 503), fence the losing side's database with the
 * lease (nothing local commits on the moved tables any more, so its log head is final; the gaining
 * side is fenced already: it does not own the tables), drain by position (bounded by
 * --drain-timeout), verify the rows changed since. Every fence carries the lease's id: only its
 * holder lifts it, and if the holder dies the service's keeper settles the group as the ownership
 * record says.
 */
export function cutoverSteps(input: CutoverPlanInput): Step[] {
  const { from, to, reason, control, held, leaseMs, marks, onProgress } = input;
  /** Drains the losing side's log up to its head now (past `after`); resolves with that position. */
  const drainToHead = async (signal: AbortSignal, after?: number): Promise<number> => {
    const through = await control.head(from);
    const status = await control.drain(from, through, signal, after);
    if (signal.aborted) throw new Error(String(signal.reason ?? "interrupted by the operator"));
    if (!status.drained) throw undrained(status, from, to);
    return through;
  };
  return [
    {
      name: `let the ${to} catch up with the ${from}'s changes (writes still flow)`,
      run: async (signal) => {
        // As long as it takes while it makes progress: nothing is fenced yet, writes flow.
        const began = Date.now();
        let nextLine = CATCH_UP_PROGRESS_EVERY_MS;
        let rounds = 0;
        for (;;) {
          const through = await control.head(from);
          const roundBegan = Date.now();
          rounds += 1;
          const status = await control.catchUp(from, through, signal, marks.caughtUp, (poll, progress) => {
            const elapsed = roundBegan - began + progress.elapsedMs;
            if (!onProgress || elapsed < nextLine || poll.drained) return;
            nextLine = elapsed + CATCH_UP_PROGRESS_EVERY_MS;
            onProgress(catchUpLine(poll, progress, elapsed, from, to));
          });
          if (signal.aborted) throw new Error(String(signal.reason ?? "interrupted by the operator"));
          if (!status.drained) throw notCaughtUp(status, from, to);
          marks.caughtUp = through;
          if (Date.now() - roundBegan < SHORT_CATCH_UP_ROUND_MS || rounds >= MAX_CATCH_UP_ROUNDS) break;
        }
        return `through position ${marks.caughtUp}${rounds > 1 ? ` (${rounds} rounds: the changes made during a long one caught up again)` : ""}`;
      },
    },
    {
      name: "verify every row while writes still flow",
      run: async () => {
        // Positions first: a row that changes while verify reads shows up in a log past them.
        const since = { monolith: await control.head("monolith"), service: await control.head("service") };
        const outcome = await control.verify();
        marks.verified = { since, keys: outcome.keys };
        return outcome.drift.length === 0
          ? `${outcome.compared} rows, no drift`
          : `${outcome.compared} rows; ${outcome.drift.length} key(s) differ while writes flow: compared again inside the fence`;
      },
    },
    {
      name: `fence ${control.group} at the proxy`,
      run: async () => {
        marks.fencedAt = Date.now();
        await control.proxyFence(held.leaseId, leaseMs, reason);
        marks.proxyFenced = true;
      },
      undo: async () => {
        marks.proxyFenced = false;
        await control.proxyUnfence(held.leaseId, `undo: ${reason}`);
      },
    },
    {
      name: `fence the moved tables in the ${from}'s database`,
      run: () => control.fence(from, held.leaseId, reason),
      undo: () => control.open(from, held.leaseId),
    },
    {
      name: `check the moved tables are fenced in the ${to}'s database`,
      run: async () => {
        // The non-owner is fenced from its first start; a gap (a fence lifted by hand) is closed now and left closed.
        if (await control.isFenced(to)) return "fenced: it does not own them";
        await control.fence(to, "ownership", `${from} owns ${control.group}`);
        return "was not fenced: fenced now";
      },
    },
    {
      name: `drain the ${from}'s changes into the ${to}`,
      run: async (signal) => {
        marks.through = await drainToHead(signal, marks.caughtUp);
        return `through position ${marks.through}`;
      },
    },
    {
      name: "verify the rows changed since, at that position",
      run: async () => {
        const outcome: VerifyOutcome = await control.verifyChangedSince(marks.verified!.since, marks.verified!.keys);
        const drift = outcome.drift;
        if (drift.length > 0) throw new Error(`${drift.length} drifted key(s): ${drift.slice(0, 5).join("; ")}${drift.length > 5 ? "; …" : ""} (strangler verify <service> --repair re-syncs them)`);
        return `${outcome.compared} changed row(s), no drift`;
      },
    },
  ];
}
