import type { DrainStatus, HeldLease, KeyValue, LogPositions, VerifyOutcome } from "../../../cdc";
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
  /** True once the proxy fence is up: the lease renewal renews it too. */
  proxyFenced?: boolean;
}

/** The failure of a drain, in words: what is missing and where to look. */
function undrained(status: DrainStatus, from: Owner, to: Owner): Error {
  if (status.parked.length > 0) {
    const first = status.parked[0];
    return new Error(`${status.parked.length} change(s) parked in the ${to} (first: ${first.table} ${first.key} at position ${first.position}); see strangler sync parked`);
  }
  const first = status.pending[0];
  const relay =
    status.unpublished !== null && status.unpublished > 0
      ? `; ${status.unpublished} not yet published by the ${from}'s relay (is it running?)`
      : "; the consumer has not applied them (is it running?)";
  return new Error(`not drained in time: ${status.pending.length} row(s) up to position ${status.through} not taken by the ${to} (first: ${first?.table} ${first?.key} at ${first?.position})${relay}`);
}

/**
 * The cut-over up to its commit, in order: let the gaining side catch up and verify every row while
 * writes still flow (so the fenced window depends neither on how far sync was behind nor on the
 * tables' size), fence at the proxy (clients get a retryable 503), fence the losing side's database
 * with the lease (nothing local commits on the moved tables any more, so its log head is final;
 * the gaining side is fenced already: it does not own the tables), drain by position, verify the
 * rows changed since. Every fence carries the lease's id: only its holder lifts it, and if the
 * holder dies the service's keeper settles the group as the ownership record says.
 */
export function cutoverSteps(input: CutoverPlanInput): Step[] {
  const { from, to, reason, control, held, leaseMs, marks } = input;
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
        marks.caughtUp = await drainToHead(signal);
        return `through position ${marks.caughtUp}`;
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
