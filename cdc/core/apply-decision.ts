import type { ChangeEvent } from "../../contracts";

/** What the consumer does with one change, given what the target already holds for its key. */
export type ApplyDecision =
  /** Apply it: run the mapping and store the position. */
  | { action: "apply" }
  /** Already applied, older than the stored position, or below the consumer's start: ack only. */
  | { action: "skip"; reason: "duplicate" | "older" | "before-start" | "already-parked" }
  /** An earlier change of the same key is parked: park this one behind it. */
  | { action: "park-behind"; parkedPosition: number }
  /** The previous change of this key has not been applied yet: ask for redelivery later. */
  | { action: "wait"; waitingFor: number };

/** State of one key in the target, read inside the apply transaction. */
export interface KeyState {
  /** Position stored with the last applied change of this key, or null. */
  storedPosition: number | null;
  /** Lowest parked position of this key, or null when none is parked. */
  firstParkedPosition: number | null;
  /** True when this very change is already parked. */
  thisChangeParked: boolean;
}

/**
 * The ordering and exactly-once rule, in one place. A change applies only when its key's stored
 * position is exactly where the change says the previous change of that key was (or the
 * previous change lies before the consumer's start). Redelivered or older changes are skipped,
 * so a change is never applied twice nor over a newer one; a change that arrives before its
 * predecessor waits, so no change is skipped for being "older" before it was ever applied.
 */
export function decideApply(event: ChangeEvent, state: KeyState, startPosition: number): ApplyDecision {
  if (event.position < startPosition) return { action: "skip", reason: "before-start" };
  if (state.thisChangeParked) return { action: "skip", reason: "already-parked" };
  if (state.storedPosition !== null && state.storedPosition >= event.position) {
    return { action: "skip", reason: state.storedPosition === event.position ? "duplicate" : "older" };
  }
  if (state.firstParkedPosition !== null && state.firstParkedPosition < event.position) {
    return { action: "park-behind", parkedPosition: state.firstParkedPosition };
  }
  const previous = event.previousPosition;
  if (previous !== null && previous >= startPosition && (state.storedPosition ?? 0) < previous) {
    return { action: "wait", waitingFor: previous };
  }
  return { action: "apply" };
}
