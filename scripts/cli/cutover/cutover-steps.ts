import type { DrainStatus, KeyValue, LogPositions, VerifyOutcome } from "../../../cdc";
import { otherSide, type DatabaseControl, type Owner, type ProxyControl } from "./ports";

/** One step of a cut-over and how to take it back. */
export interface Step {
  name: string;
  run(signal: AbortSignal): Promise<string | void>;
  /** Absent: nothing to take back (a check, or a step whose effect the next undo covers). */
  undo?: () => Promise<void>;
}

export interface CutoverPlanInput {
  group: string;
  from: Owner;
  to: Owner;
  reason: string;
  proxy: ProxyControl;
  db: DatabaseControl;
  /** Whether the gaining side's tables were fenced before (undo puts that back). */
  toWasFenced: boolean;
  /** Filled in as the steps run. */
  marks: CutoverMarks;
}

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
}

/** The failure of a drain, in words: what is missing and where to look. */
function undrained(status: DrainStatus, from: Owner, to: Owner): Error {
  if (status.parked.length > 0) {
    const first = status.parked[0];
    return new Error(`${status.parked.length} change(s) parked in the ${to} (first: ${first.table} ${first.key} at position ${first.position}); see strangler sync parked`);
  }
  const first = status.pending[0];
  const relay = status.unpublished > 0 ? `; ${status.unpublished} not yet published by the ${from}'s relay (is it running?)` : "; the consumer has not applied them (is it running?)";
  return new Error(`not drained in time: ${status.pending.length} row(s) up to position ${status.through} not taken by the ${to} (first: ${first?.table} ${first?.key} at ${first?.position})${relay}`);
}

/**
 * The cut-over, in order: let the gaining side catch up and verify every row while writes still
 * flow (so the fenced window depends neither on how far sync was behind nor on the tables' size),
 * fence at the proxy (clients get a retryable 503), fence both databases
 * (nothing local commits on the moved tables any more, so the log head is final), drain the losing
 * side into the gaining side by position, verify the rows changed since the full verify, flip the write routes, open the
 * gaining side's tables, lift the proxy fence. The losing side's tables stay fenced: only sync
 * writes them while the other side owns them.
 */
export function cutoverSteps(input: CutoverPlanInput): Step[] {
  const { group, from, to, reason, proxy, db, marks } = input;
  /** Drains the losing side's log up to its head now (past `after`); resolves with that position. */
  const drainToHead = async (signal: AbortSignal, after?: number): Promise<number> => {
    const through = await db.head(from);
    const status = await db.drain(from, through, signal, after);
    if (signal.aborted) throw new Error("interrupted by the operator");
    if (!status.drained) throw undrained(status, from, to);
    return through;
  };
  return [
    {
      name: `let the ${to} catch up with the ${from}'s changes (writes still flow)`,
      run: async (signal) => {
        marks.caughtUp = await drainToHead(signal);
        return `through position ${marks.caughtUp}`;
      },
    },
    {
      name: "verify every row while writes still flow",
      run: async () => {
        // Positions first: a row that changes while verify reads shows up in a log past them.
        const since = { monolith: await db.head("monolith"), service: await db.head("service") };
        const outcome = await db.verify();
        marks.verified = { since, keys: outcome.keys };
        return outcome.drift.length === 0
          ? `${outcome.compared} rows, no drift`
          : `${outcome.compared} rows; ${outcome.drift.length} key(s) differ while writes flow: compared again inside the fence`;
      },
    },
    {
      name: `fence ${group} at the proxy`,
      run: async () => {
        marks.fencedAt = Date.now();
        await proxy.fence(group, reason);
      },
      undo: () => proxy.unfence(group, `undo: ${reason}`),
    },
    {
      name: `fence the moved tables in the ${from}'s database`,
      run: () => db.fence(from, reason),
      undo: () => db.unfence(from),
    },
    {
      name: `fence the moved tables in the ${to}'s database`,
      run: () => db.fence(to, reason),
      undo: input.toWasFenced ? undefined : () => db.unfence(to),
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
        const outcome: VerifyOutcome = await db.verifyChangedSince(marks.verified!.since, marks.verified!.keys);
        const drift = outcome.drift;
        if (drift.length > 0) throw new Error(`${drift.length} drifted key(s): ${drift.slice(0, 5).join("; ")}${drift.length > 5 ? "; …" : ""} (strangler verify <service> --repair re-syncs them)`);
        return `${outcome.compared} changed row(s), no drift`;
      },
    },
    {
      name: `route ${group} writes to the ${to}`,
      run: () => proxy.route(group, to, reason),
      undo: () => proxy.route(group, from, `undo: ${reason}`),
    },
    {
      name: `open the moved tables in the ${to}'s database`,
      run: () => db.unfence(to),
      undo: () => db.fence(to, `undo: ${reason}`),
    },
    {
      name: `lift the proxy fence of ${group}`,
      run: async () => {
        await proxy.unfence(group, reason);
        marks.openedAt = Date.now();
      },
    },
  ];
}

/**
 * When the group already routes to `owner` (a repeated command, or one interrupted after the
 * flip): the state it leaves must hold. Losing side fenced, owner open, proxy fence lifted.
 */
export function settleSteps(group: string, owner: Owner, reason: string, proxy: ProxyControl, db: DatabaseControl): Step[] {
  const other = otherSide(owner);
  return [
    { name: `keep the moved tables fenced in the ${other}'s database`, run: () => db.fence(other, reason) },
    { name: `open the moved tables in the ${owner}'s database`, run: () => db.unfence(owner) },
    { name: `lift the proxy fence of ${group}`, run: () => proxy.unfence(group, reason) },
  ];
}
