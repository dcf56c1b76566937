/** Relay: change log → Publisher, marking changes published only after the broker's ack. */
export { Relay } from "./relay";
export type { RelayStatus } from "./relay";
export type { RelayOptions, RelayHooks } from "./relay-options";
export { toChangeEvent } from "./to-change-event";
