/**
 * Contracts shared by the monolith, the services and the cdc library: types and zod schemas only.
 * This folder imports nothing of ours and does no I/O.
 */
export {
  CHANGE_OPERATIONS,
  rowSchema,
  sourceNameSchema,
  requestIdSchema,
  changeEventSchema,
  heartbeatEventSchema,
  cdcMessageSchema,
  changeEventId,
  txGroupId,
} from "./change-event";
export type { ChangeOperation, Row, ChangeEvent, HeartbeatEvent, CdcMessage } from "./change-event";
export { streamSyncStatusSchema, ownershipStatusSchema, syncStatusSchema, syncHeadSchema, SYNC_STATUS_PATH, SYNC_HEAD_PATH } from "./sync-status";
export type { StreamSyncStatus, OwnershipStatus, SyncStatus, SyncHead } from "./sync-status";
export type { ServiceManifest } from "./service-manifest";
export { PARKED_PATH, REPLAY_PATH, DISCARD_PATH } from "./parked-changes";
export type { ParkedChangeView, ParkedAnswer, ReplayAnswer, DiscardAnswer } from "./parked-changes";
