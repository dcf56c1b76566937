import { changeEventId, requestIdSchema, type ChangeEvent } from "../../contracts";
import type { LoggedChange } from "../core/ports";

/**
 * The envelope of a logged change. The writer's request id goes in only when it fits the contract:
 * a malformed one (a hand-written context row) is left out rather than making the event invalid,
 * which every consumer would terminate. `tx`: the change's source transaction group, as the relay assembled it.
 */
export function toChangeEvent(source: string, change: LoggedChange, tx?: { id: string; size: number }): ChangeEvent {
  const event: ChangeEvent = {
    kind: "change",
    id: changeEventId(source, change.position),
    source,
    position: change.position,
    previousPosition: change.previousPosition,
    table: change.table,
    op: change.op,
    key: change.key,
    before: change.before,
    after: change.after,
    committedAt: change.committedAt,
    origin: change.origin,
  };
  if (change.requestId && requestIdSchema.safeParse(change.requestId).success) event.requestId = change.requestId;
  if (tx) event.tx = tx;
  return event;
}
