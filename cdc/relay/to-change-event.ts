import { changeEventId, requestIdSchema, type ChangeEvent } from "../../contracts";
import type { LoggedChange } from "../core/ports";

/**
 * The envelope of a logged change. The writer's request id goes in only when it fits the contract:
 * a malformed one (a hand-written context row) is left out rather than making the event invalid,
 * which every consumer would terminate.
 */
export function toChangeEvent(source: string, change: LoggedChange): ChangeEvent {
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
  return event;
}
