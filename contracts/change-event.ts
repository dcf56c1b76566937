import { z } from "zod";

/** What happened to a row: the three trigger events of a captured table. */
export const CHANGE_OPERATIONS = ["insert", "update", "delete"] as const;
export type ChangeOperation = (typeof CHANGE_OPERATIONS)[number];

/** A row (or primary key) as a JSON object: column name → value. */
export const rowSchema = z.record(z.string(), z.unknown());
export type Row = z.infer<typeof rowSchema>;

/** Source database names become subject tokens and stream names: lower case, digits, `_`, `-`. */
export const sourceNameSchema = z.string().regex(/^[a-z][a-z0-9_-]{0,63}$/, "lower-case letters, digits, _ or -, starting with a letter");

/**
 * A request's correlation id as it may travel in an event: what `platform/request-id.ts` keeps of
 * an `x-request-id` header (1–128 letters, digits, `.`, `_`, `:`, `-`); anything else is replaced
 * there by a UUID, which fits too.
 */
export const requestIdSchema = z.string().regex(/^[A-Za-z0-9._:-]{1,128}$/, "1 to 128 letters, digits, '.', '_', ':' or '-'");

/**
 * One committed change of one row in a source database, as published on the broker.
 * `id` is `<source>:<position>` and is stable: the same change always has the same id.
 * `previousPosition` is the log position of the previous change of the same row (same table and
 * key), or null when the change log holds none; consumers use it to apply a key's changes in order.
 */
export const changeEventSchema = z.object({
  kind: z.literal("change"),
  id: z.string().min(1),
  source: sourceNameSchema,
  position: z.number().int().positive(),
  previousPosition: z.number().int().positive().nullable(),
  table: z.string().min(1),
  op: z.enum(CHANGE_OPERATIONS),
  key: rowSchema,
  before: rowSchema.nullable(),
  after: rowSchema.nullable(),
  /** ISO 8601 with milliseconds, UTC. */
  committedAt: z.string().min(1),
  /** Name of the database where the change was first made (ping-pong guard for two-way sync). */
  origin: z.string().min(1),
  /**
   * The `x-request-id` of the HTTP request whose transaction made the change, when the source's
   * capture records it (capture v3: a service's own writes). Absent on changes of databases whose
   * capture cannot see requests (the monolith's v1 triggers), of sync writers, and on events
   * published before it existed. Optional and additive: older consumers ignore it.
   */
  requestId: requestIdSchema.optional(),
  /**
   * The source transaction group the change belongs to (docs/cdc.md, "Transactions"): one or more
   * WHOLE source transactions (all that committed between two ticks of the source's commit-group
   * clock), published together. `id` is `<source>:tx:<n>` and is the same on every change of the
   * group; `size` is the number of changes in the group, on every change, so a consumer knows when
   * it holds the whole group. A consumer applies a group in one target transaction or not at all.
   * Optional and additive: an event without it is a group of its own (logs without the clock,
   * events published before it existed), and older consumers ignore it.
   */
  tx: z.object({ id: z.string().min(1), size: z.number().int().positive() }).optional(),
});
export type ChangeEvent = z.infer<typeof changeEventSchema>;

/**
 * Sent by a relay when it has nothing to publish, so lag can be measured while idle (a plain NATS
 * message, outside the stream), and as a **position mark** soon after its published-through
 * advanced (stored in the stream, after the changes it covers: docs/read-your-writes.md).
 */
export const heartbeatEventSchema = z.object({
  kind: z.literal("heartbeat"),
  source: sourceNameSchema,
  /** Highest log position the relay has seen acknowledged so far (0 when none). */
  position: z.number().int().nonnegative(),
  /**
   * Position marks only: every change at or below this position was stored by the broker before
   * this message was published, so each lies earlier in the stream, and a consumer whose
   * acknowledged floor passed the mark has taken all of them. Optional and additive.
   */
  publishedThrough: z.number().int().nonnegative().optional(),
  /** ISO 8601 with milliseconds, UTC. */
  at: z.string().min(1),
});
export type HeartbeatEvent = z.infer<typeof heartbeatEventSchema>;

/** Everything that travels on a source's stream. */
export const cdcMessageSchema = z.discriminatedUnion("kind", [changeEventSchema, heartbeatEventSchema]);
export type CdcMessage = z.infer<typeof cdcMessageSchema>;

/** The id of a source transaction group: `<source>:tx:<n>` (`n` the source's clock value or transaction id). */
export function txGroupId(source: string, group: string | number): string {
  return `${source}:tx:${group}`;
}

/** The stable id of a change: `<source>:<position>`. */
export function changeEventId(source: string, position: number): string {
  return `${source}:${position}`;
}
