/**
 * Write ownership between two databases that sync both ways (monolith ⇄ service): who owns each
 * write group (one record, in the service's database), the lease of whoever changes it, the keeper
 * that makes fences and routing agree with the record, and the by-position drain a cut-over waits
 * on. `strangler cutover` builds on these with the write fence (cdc/sqlite) and the proxy's fence.
 */
export type { WriteSide } from "./write-side";
/** What a service provides for `strangler cutover`, `verify` and its keeper (its `cli/write-path.ts`). */
export type { WritePath, VerifyOutcome, LogPositions, RepairOutcome } from "./write-path";
/** One exact check: has the target taken every change of the moved tables up to a position? */
export { drainStatus, parkedOnTheWay } from "./drain-status";
export type { DrainStatus, PendingChange } from "./drain-status";
/** Polls drainStatus until drained, parked, timed out, stalled (no progress for a while) or aborted. */
export { waitForDrain } from "./wait-for-drain";
export type { WaitForDrainOptions, DrainProgress, DrainWait } from "./wait-for-drain";
/** The two sides, and who owns a group. */
export { otherSide, isOwner, OWNERS } from "./owner";
export type { Owner } from "./owner";
/** The ownership record and the cut-over lease (service database). */
export { OwnershipStore } from "./ownership-store";
export type { OwnershipRecord, HeldLease } from "./ownership-store";
export { CutoverLeaseStore, leaseExpired } from "./cutover-lease-store";
export type { CutoverLease } from "./cutover-lease-store";
/** The proxy's part: its fence (a lease) and the group's routing, over the admin API. */
export { adminApiProxyControl } from "./proxy-control";
export type { ProxyControl, ProxyGroupView, AdminApiOptions } from "./proxy-control";
/** A write group's whole ownership state, and settling it to agree with its record. */
export { WriteGroup, DEFAULT_LEASE_MS } from "./write-group";
export type { WriteGroupOptions } from "./write-group";
export { planSettle, describeSettleAction } from "./settle-plan";
export type { GroupState, SettleAction, SideFences } from "./settle-plan";
/** Runs inside a service: settles its write group at start and whenever a cut-over died. */
export { OwnershipKeeper } from "./ownership-keeper";
export type { OwnershipKeeperOptions, KeeperTick } from "./ownership-keeper";
/** verify, and repair from the owner only, once sync from it has drained (`strangler verify <service> [--repair]`). */
export { verifyWritePath } from "./verify-write-path";
export type { WritePathVerifyReport } from "./verify-write-path";
