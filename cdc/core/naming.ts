import { sourceNameSchema } from "../../contracts";
import { CDC_ERROR_CODES, CdcError } from "./errors";
import { keyToken, subjectToken } from "./keys";

/** Checks a source database name (it becomes part of stream and subject names). */
export function assertSourceName(source: string): void {
  if (!sourceNameSchema.safeParse(source).success) {
    throw new CdcError(CDC_ERROR_CODES.invalidName, `Source name "${source}" is invalid: use lower-case letters, digits, _ or -, starting with a letter (e.g. "monolith").`);
  }
}

/** One JetStream stream per source database: `CDC_MONOLITH`. */
export function streamName(source: string): string {
  return `CDC_${source.toUpperCase().replace(/-/g, "_")}`;
}

/** Every subject of a source's stream: `cdc.monolith.>`. */
export function streamSubjects(source: string): string {
  return `cdc.${source}.>`;
}

/** Subject of one change: `cdc.<source>.<table>.<key token>` (one token per part). */
export function changeSubject(source: string, table: string, key: Record<string, unknown>): string {
  return `cdc.${source}.${subjectToken(table)}.${keyToken(key)}`;
}

/**
 * Subject of a source's position marks: `cdc.<source>._strangler_mark`, inside the stream (they
 * must be ordered with the changes). `_strangler_` names are the toolkit's own, never an app table's.
 */
export function markSubject(source: string): string {
  return `cdc.${source}._strangler_mark`;
}

/**
 * Heartbeat subject of a source: `cdc-heartbeat.<source>`. Outside the stream on purpose: idle
 * heartbeats are plain NATS messages, so they never pile up in the stream.
 */
export function heartbeatSubject(source: string): string {
  return `cdc-heartbeat.${source}`;
}
