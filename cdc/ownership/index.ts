/**
 * Write ownership between two databases that sync both ways (monolith ⇄ service): where the log
 * ends, and whether the other side has taken all of it, by position. `strangler cutover` builds on
 * these with the write fence (cdc/capture) and the proxy's route fence.
 */
export type { WriteSide } from "./write-side";
/** What a service provides for `strangler cutover` (its `cli/write-path.ts`). */
export type { WritePath, VerifyOutcome, LogPositions } from "./write-path";
/** One exact check: has the target taken every change of the moved tables up to a position? */
export { drainStatus, parkedOnTheWay } from "./drain-status";
export type { DrainStatus, PendingChange } from "./drain-status";
/** Polls drainStatus until drained, parked, timed out or aborted. */
export { waitForDrain } from "./wait-for-drain";
export type { WaitForDrainOptions } from "./wait-for-drain";
