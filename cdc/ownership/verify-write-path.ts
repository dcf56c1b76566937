import { currentPosition } from "../backfill/source-snapshot";
import { leaseExpired } from "./cutover-lease-store";
import { otherSide, type Owner } from "./owner";
import { waitForDrain } from "./wait-for-drain";
import type { WriteGroup } from "./write-group";

/** What `strangler verify <service> [--repair]` found and did. */
export interface WritePathVerifyReport {
  group: string;
  /** The system of record: every repair copies from it. */
  owner: Owner;
  /** The side a repair writes: the non-owner. */
  copy: Owner;
  compared: number;
  drift: string[];
  keys: Record<string, Array<number | string>>;
  repair?: {
    /** Why nothing was repaired (nothing was changed then). */
    refused?: string;
    repaired: string[];
    /** The verify after the repair. */
    after?: { compared: number; drift: string[] };
  };
}

/**
 * Verifies a write path and, when asked, repairs it in the one safe direction: from the owner to
 * the non-owner, never into the owner's database. A repair is refused (nothing changed) while a
 * cut-over is at work, or while sync from the owner to the copy has not drained (waiting up to
 * `drainTimeoutMs`): a row that only looks different because its change is still on the way must
 * not be written over — and a copy behind the owner is not drift to repair but lag to wait for.
 */
export async function verifyWritePath(group: WriteGroup, options: { repair: boolean; drainTimeoutMs?: number }): Promise<WritePathVerifyReport> {
  const record = await group.record();
  const owner = record.owner;
  const copy = otherSide(owner);
  const found = await group.path.verify();
  const report: WritePathVerifyReport = { group: group.name, owner, copy, compared: found.compared, drift: found.drift, keys: found.keys };
  if (!options.repair || found.drift.length === 0) return report;

  const lease = await group.leases.read(group.name);
  if (lease && !leaseExpired(lease)) {
    report.repair = { refused: `a cut-over of ${group.name} is at work (held by ${lease.holder}); run verify again once it has finished`, repaired: [] };
    return report;
  }
  if (lease) {
    report.repair = { refused: `an interrupted cut-over of ${group.name} is not settled yet (held by ${lease.holder}); the service's keeper settles it, or run strangler cutover --resume|--abort first`, repaired: [] };
    return report;
  }
  const through = await currentPosition(group.side(owner).db);
  const drained = await waitForDrain(group.side(owner), group.side(copy), through, { timeoutMs: options.drainTimeoutMs ?? 5000 });
  if (!drained.drained) {
    const what =
      drained.parked.length > 0
        ? `${drained.parked.length} change(s) of the ${owner} are parked in the ${copy} (strangler sync parked)`
        : `${drained.pending.length} row(s) changed in the ${owner} up to position ${through} have not reached the ${copy} yet (is its sync running? strangler sync status)`;
    report.repair = { refused: `sync from the ${owner} (the owner) to the ${copy} has not drained: ${what}. A repair now could write a stale row over a newer one`, repaired: [] };
    return report;
  }
  const { repaired } = await group.path.repair(found.keys, owner);
  const after = await group.path.verify();
  report.repair = { repaired, after: { compared: after.compared, drift: after.drift } };
  return report;
}
