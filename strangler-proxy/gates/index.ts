/** Promotion gates: may a route move towards its service (samples, match rate, sync lag). */
export { PromotionGates } from "./promotion-gates";
/** The pure gate rule and the stage order it follows. */
export { evaluateGate, movesTowardsService, nextStage } from "./evaluate-gate";
export type { GateCheck, GateVerdict, StageTarget, SyncLagReading } from "./evaluate-gate";
/** Reads a service's `GET /internal/sync/status`. */
export { readSyncLag, worstLag } from "./read-sync-lag";
