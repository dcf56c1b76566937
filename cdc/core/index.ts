/** Core of the cdc library: ports, errors and the pure rules (ordering, backoff, naming). */
/** Base error with a stable `code`; SimulatedCrash is thrown by test hooks. */
export { CDC_ERROR_CODES, CdcError, SimulatedCrash } from "./errors";
export type { CdcErrorCode } from "./errors";
/** Ports: ChangeLog, RelayProgress, Publisher, Subscription, TargetStore and their value types. */
export type * from "./ports";
/** The apply rule: skip duplicates and older changes, wait for a missing predecessor, park behind a parked one. */
export { decideApply } from "./apply-decision";
export type { ApplyDecision, KeyState } from "./apply-decision";
/** Key text and subject tokens. */
export { keyText, keyToken, subjectToken, rowIdentity } from "./keys";
/** Stream and subject names per source database. */
export { streamName, streamSubjects, changeSubject, heartbeatSubject, assertSourceName } from "./naming";
/** Exponential backoff for retries. */
export { backoffMs } from "./backoff";
/** Per-row serialisation with a bound on unfinished tasks (the relay's in-flight rule). */
export { KeyLanes } from "./key-lanes";
