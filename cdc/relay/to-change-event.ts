import { changeEventId, type ChangeEvent } from "../../contracts";
import type { LoggedChange } from "../core/ports";

/** The envelope of a logged change. */
export function toChangeEvent(source: string, change: LoggedChange): ChangeEvent {
  return {
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
}
