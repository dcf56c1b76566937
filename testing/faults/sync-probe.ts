import { currentPosition, waitForDrain } from "../../cdc";
import { openWritePath } from "../../extracted/catalog/cli/write-path";
import type { FaultStack } from "./fault-stack";

/** Whether sync has taken, both ways, everything logged up to now. */
export interface SyncProbe {
  caughtUp(timeoutMs: number): Promise<{ ok: boolean; ms: number; detail: string }>;
  close(): Promise<void>;
}

/**
 * Opens both databases as `strangler cutover` does (the catalog's write path) to wait, by position,
 * until sync has drained each way up to the log heads of now: what an operator checks with
 * `strangler sync status` before the next cut-over after restarting a part.
 */
export async function openSyncProbe(stack: FaultStack): Promise<SyncProbe> {
  const path = await openWritePath(stack.cliEnv());
  const { monolith, service } = path.sides;
  return {
    async caughtUp(timeoutMs) {
      const started = Date.now();
      const forward = await waitForDrain(monolith, service, await currentPosition(monolith.db), { timeoutMs });
      const reverse = await waitForDrain(service, monolith, await currentPosition(service.db), { timeoutMs: Math.max(1000, timeoutMs - (Date.now() - started)) });
      const describe = (name: string, status: typeof forward) =>
        status.drained ? "" : `${name}: ${status.pending.length} row(s) pending (first ${JSON.stringify(status.pending[0])}), ${status.parked.length} parked, ${status.unpublished} unpublished`;
      return { ok: forward.drained && reverse.drained, ms: Date.now() - started, detail: [describe("monolith → catalog", forward), describe("catalog → monolith", reverse)].filter(Boolean).join("; ") };
    },
    close: () => path.close(),
  };
}
