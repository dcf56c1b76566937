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
  /** Filled by the drain step: the position drained through. */
  drained: { through?: number };
}

/**
 * The cut-over, in order: fence at the proxy (clients get a retryable 503), fence both databases
 * (nothing local commits on the moved tables any more, so the log head is final), drain the losing
 * side into the gaining side by position, verify both agree, flip the write routes, open the
 * gaining side's tables, lift the proxy fence. The losing side's tables stay fenced: only sync
 * writes them while the other side owns them.
 */
export function cutoverSteps(input: CutoverPlanInput): Step[] {
  const { group, from, to, reason, proxy, db } = input;
  return [
    {
      name: `fence ${group} at the proxy`,
      run: () => proxy.fence(group, reason),
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
        const through = await db.head(from);
        const status = await db.drain(from, through, signal);
        if (signal.aborted) throw new Error("interrupted by the operator");
        if (status.parked.length > 0) {
          throw new Error(`${status.parked.length} change(s) parked in the ${to} (first: ${status.parked[0].table} ${status.parked[0].key} at position ${status.parked[0].position}); see strangler sync parked`);
        }
        if (!status.drained) {
          const first = status.pending[0];
          const relay = status.unpublished > 0 ? `; ${status.unpublished} not yet published by the ${from}'s relay (is it running?)` : "; the consumer has not applied them (is it running?)";
          throw new Error(`not drained in time: ${status.pending.length} row(s) up to position ${through} not taken by the ${to} (first: ${first?.table} ${first?.key} at ${first?.position})${relay}`);
        }
        input.drained.through = through;
        return `through position ${through}`;
      },
    },
    {
      name: "verify both sides at that position",
      run: async () => {
        const drift = await db.verify();
        if (drift.length > 0) throw new Error(`${drift.length} drifted key(s): ${drift.slice(0, 5).join("; ")}${drift.length > 5 ? "; …" : ""} (strangler verify <service> --repair re-syncs them)`);
        return "no drift";
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
      run: () => proxy.unfence(group, reason),
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
