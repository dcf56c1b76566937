import { parkedOnTheWay, waitForDrain, currentPosition, otherSide, type WriteGroup } from "../../../cdc";
import type { CutoverControl } from "./ports";

/** How long the cut-over's two waits may take (`--drain-timeout`, `--catch-up-stall`). */
export interface WaitLimits {
  /** The drain inside the fence (writes refused): gives up after this long in all. */
  drainTimeoutMs: number;
  /** The catch-up before the fence (writes flow): gives up only after this long without progress. */
  catchUpStallMs: number;
}

/** The catch-up polls less often than the fenced drain: it is not in the window, and its polls read the monolith's log. */
const CATCH_UP_POLL_MS = 100;

/** The cut-over's control over a real write group: its databases (through cdc) and the proxy's admin API. */
export function groupControl(group: WriteGroup, limits: WaitLimits): CutoverControl {
  const proxy = () => {
    if (!group.proxy) throw new Error("no proxy admin API configured");
    return group.proxy;
  };
  return {
    group: group.name,
    record: () => group.record(),
    lease: () => group.leases.read(group.name),
    acquire: (input) => group.leases.acquire({ group: group.name, ...input }),
    takeOver: (lease, holder, leaseMs) => group.leases.takeOver(lease, holder, leaseMs),
    renew: (held, leaseMs, step) => group.leases.renew(held, leaseMs, step),
    release: (held) => group.leases.release(held),
    commit: (held, to, reason) => group.ownership.commit(held, to, reason),
    // The cut-over reports routing as done only when it could see (and change) the proxy.
    settle: (held) => group.settle(held, { requireProxy: true }),
    isFenced: (side) => group.isFenced(side),
    fence: (side, holder, reason) => group.fence(side, holder, reason),
    open: async (side, holder) => void (await group.open(side, holder)),
    head: (side) => currentPosition(group.side(side).db),
    drain: (from, through, signal, after) => waitForDrain(group.side(from), group.side(otherSide(from)), through, { timeoutMs: limits.drainTimeoutMs, signal, after }),
    catchUp: (from, through, signal, after, onProgress) =>
      waitForDrain(group.side(from), group.side(otherSide(from)), through, { stallMs: limits.catchUpStallMs, pollMs: CATCH_UP_POLL_MS, signal, after, onPoll: onProgress }),
    parked: async (from) => (await parkedOnTheWay(group.side(from), group.side(otherSide(from)))).length,
    verify: () => group.path.verify(),
    verifyChangedSince: (since, keys) => group.path.verifyChangedSince(since, keys),
    proxyFence: (holder, leaseMs, reason) => proxy().fence(group.name, holder, leaseMs, reason),
    proxyUnfence: (holder, reason) => proxy().unfence(group.name, holder, reason),
  };
}
