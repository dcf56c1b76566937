import { currentPosition, readCheckpoint, waitForDrain } from "../../cdc";
import type { SyncStatus } from "../../contracts";
import { openWritePath } from "../../extracted/catalog/cli/write-path";
import { BACKFILL_TABLES, MOVED_TABLES } from "../../extracted/catalog/sync";
import { checkExpectedState } from "./check-expected";
import { brief, runCli } from "./cli-process";
import type { ExpectedState } from "./expected-state";
import type { FaultStack } from "./fault-stack";
import type { RepairRuns } from "./repair-runs";
import { waitSettled, type SettledLook } from "./settled-check";
import { checkDirectionSettled, type DirectionHistory } from "./sync-history";
import { getJson } from "./wait-http";
import type { WriteLedger } from "./write-ledger";
import { MONOLITH_SOURCE } from "../../service-kit";

export const FINAL_ROW = "final proof (after the load)";

export interface FinalProof {
  drained: { forward: boolean; reverse: boolean };
  history: DirectionHistory[];
  /** Changes applied more than once, both directions. */
  doubleApplied: number;
  /** Problems with what the clients were told (lost confirmed writes and disallowed states). */
  stateProblems: number;
  verify: string;
  settled: SettledLook;
  parked: number;
}

/**
 * After the load has stopped: wait until sync has drained both ways by position, then prove
 * (1) each direction's history (change log against apply journal: every change applied exactly
 * once, in order per row), (2) every confirmed write on both sides, (3) `strangler verify catalog`
 * exits 0, (4) no fence held; nothing parked. Every problem is written into the ledger.
 */
export async function proveFinalState(stack: FaultStack, ledger: WriteLedger, repairs: RepairRuns, expected: ExpectedState, say: (line: string) => void): Promise<FinalProof> {
  ledger.enter(FINAL_ROW);
  const path = await openWritePath(stack.cliEnv());
  try {
    const { monolith, service } = path.sides;
    // By position, never by sleeping; a catalog killed while holding messages gets them again after the consumer's ack wait (30 s).
    const forward = await waitForDrain(monolith, service, await currentPosition(monolith.db), { timeoutMs: 90_000 });
    const reverse = await waitForDrain(service, monolith, await currentPosition(service.db), { timeoutMs: 90_000 });
    for (const [name, status] of [["monolith → catalog", forward], ["catalog → monolith", reverse]] as const) {
      if (!status.drained) ledger.failure("history", `sync ${name} did not drain: ${status.pending.length} row(s) pending (first ${JSON.stringify(status.pending[0])}), ${status.parked.length} parked, ${status.unpublished} unpublished`);
    }
    say(`drained     monolith → catalog through ${forward.through} (${forward.drained}), catalog → monolith through ${reverse.through} (${reverse.drained})`);

    const starts = await Promise.all(BACKFILL_TABLES.map(({ table }) => readCheckpoint(service.db, MONOLITH_SOURCE, table)));
    const forwardStart = Math.min(...starts.map((checkpoint) => checkpoint?.startPosition ?? 0));
    const history = [
      await checkDirectionSettled(
        {
          name: "monolith → catalog",
          source: monolith.db,
          target: service.db,
          sourceName: "monolith",
          tables: BACKFILL_TABLES.map(({ table }) => table),
          above: forwardStart,
          targetOrigin: "catalog",
          legacyId: { from: "pk", field: "id" },
        },
        repairs,
        30_000,
      ),
      await checkDirectionSettled(
        {
          name: "catalog → monolith",
          source: service.db,
          target: monolith.db,
          sourceName: "catalog",
          tables: MOVED_TABLES,
          above: 0,
          targetOrigin: "monolith",
          legacyId: { from: "row", field: "legacy_id" },
        },
        repairs,
        30_000,
      ),
    ];
    for (const direction of history) {
      const first = (list: unknown[]) => JSON.stringify(list.slice(0, 10));
      say(
        `history     ${direction.direction}: ${direction.sourceChanges} change(s), ${direction.applications} application(s); ` +
          `missing ${direction.lost.length}, double-applied ${direction.duplicated.length}, unknown ${direction.unknown.length}, out of order ${direction.outOfOrder.length}` +
          (direction.explainedByRepair.length ? ` (${direction.explainedByRepair.length} taken by a repair snapshot instead: ${first(direction.explainedByRepair)})` : ""),
      );
      if (!direction.ok) {
        ledger.failure(
          "history",
          `${direction.direction}: missing ${first(direction.lost)}, double-applied ${first(direction.duplicated)}, unknown ${first(direction.unknown)}, out of order ${first(direction.outOfOrder)}`,
        );
      }
      if (direction.sourceChanges === 0) ledger.failure("history", `${direction.direction}: no change to check (the history would pass vacuously)`);
    }

    const stateProblems = await checkExpectedState(expected, { monolith: monolith.db, catalog: service.db }, ledger, FINAL_ROW);
    const verified = await runCli(stack, "verify", "catalog");
    if (verified.exit !== "0") ledger.failure("check", `strangler verify catalog: ${brief(verified)}`);
    const settled = await waitSettled(stack);
    if (!settled.ok) ledger.failure("stuck-fence", `after the load: ${settled.problems.join("; ")} (saw ${settled.seen})`);
    const status = await getJson<SyncStatus>(`${stack.catalogUrl}/internal/sync/status`);
    const parked = status.streams.reduce((sum, stream) => sum + stream.parked, 0);
    if (parked > 0) ledger.failure("history", `${parked} change(s) parked: ${JSON.stringify(status.streams)}`);
    return {
      drained: { forward: forward.drained, reverse: reverse.drained },
      history,
      doubleApplied: history.reduce((sum, direction) => sum + direction.duplicated.length, 0),
      stateProblems,
      verify: verified.exit,
      settled,
      parked,
    };
  } finally {
    await path.close();
  }
}
