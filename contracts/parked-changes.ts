/**
 * The parked-change endpoints every extracted service serves beside its sync status (the kit's
 * `parkedRoutes`), which the CLI and the proxy's admin API call by URL: paths and answer shapes.
 */

/** `GET` lists the parked changes (`?table=&key=&source=`). */
export const PARKED_PATH = "/internal/sync/parked";
/** `POST {"key", "table"?}` or `{"all": true}`: the running consumer applies them again. */
export const REPLAY_PATH = "/internal/sync/parked/replay";
/** `POST {"key", "table"?, "source"?, "reason", "actor"?}`: drops a row's parked changes for good (audited). */
export const DISCARD_PATH = "/internal/sync/parked/discard";

/** One parked change as the list shows it. */
export interface ParkedChangeView {
  source: string;
  position: number;
  table: string;
  key: string;
  op: string;
  reason: string;
  attempts: number;
  firstFailedAt: string;
  lastFailedAt: string;
  committedAt?: string;
}

export interface ParkedAnswer {
  service: string;
  parked: ParkedChangeView[];
}

/** The answer to a replay. */
export interface ReplayAnswer {
  service: string;
  replayed: number;
  stillParked: number;
}

/** The answer to a discard. */
export interface DiscardAnswer {
  service: string;
  /** Parked changes dropped (each kept in the service's `_strangler_discarded_changes`). */
  discarded: number;
  /** Parked changes left in the service (all rows). */
  stillParked: number;
}
