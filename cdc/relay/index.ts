/** Relay: change log → Publisher; progress (published through) kept outside the source database. */
export { Relay } from "./relay";
export type { RelayStatus } from "./relay";
export type { RelayOptions, RelayHooks } from "./relay-options";
export { toChangeEvent } from "./to-change-event";
export { AckWindow } from "./ack-window";
export { SqliteRelayProgress, relayProgressPath, defaultProgressFile, readPublishedThrough, publishedThroughOf } from "./sqlite-relay-progress";
