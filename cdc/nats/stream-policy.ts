import type { StreamConfig } from "@nats-io/jetstream";

/** What a change stream must guarantee. */
export interface StreamRequirements {
  /** The duplicate window must cover at least this long a relay outage. */
  minDuplicateWindowMs: number;
  /** The stream must keep at least this many copies (replicas.ts `decideReplicas`); unchecked when omitted. */
  minReplicas?: number;
}

const NANOS_PER_MS = 1_000_000;

/**
 * Problems of a stream configuration for change data, as sentences (empty when safe). A change
 * stream must never discard a message no consumer has handled yet: no age limit, no size or count
 * limit that drops old messages, and limits retention (interest/work-queue retention delete
 * messages that a consumer created later would still need); on a cluster, as many copies as
 * required (fewer, and the loss of one server can take the only copy along).
 */
export function streamConfigProblems(config: Partial<StreamConfig>, requirements: StreamRequirements): string[] {
  const problems: string[] = [];
  const dropsOld = config.discard !== "new";
  if (config.retention && config.retention !== "limits") problems.push(`retention is "${config.retention}"; use "limits"`);
  if ((config.max_age ?? 0) > 0) problems.push("max_age is set: old changes would expire unconsumed");
  for (const limit of ["max_msgs", "max_bytes", "max_msgs_per_subject"] as const) {
    if ((config[limit] ?? -1) > 0 && dropsOld) problems.push(`${limit} is set with discard "old": changes would be dropped`);
  }
  const replicas = config.num_replicas || 1;
  if (requirements.minReplicas !== undefined && replicas < requirements.minReplicas) {
    problems.push(
      `num_replicas is ${replicas} where ${requirements.minReplicas} are required: losing ${replicas === 1 ? "the server that holds it" : "a majority of its servers"} would lose changes ` +
        `(nats stream edit ${config.name ?? "<stream>"} --replicas ${requirements.minReplicas}; or set NATS_REPLICAS=${replicas} to accept fewer copies)`,
    );
  }
  const windowMs = (config.duplicate_window ?? 0) / NANOS_PER_MS;
  if (windowMs < requirements.minDuplicateWindowMs) {
    problems.push(`duplicate_window is ${windowMs} ms; it must cover a relay outage of ${requirements.minDuplicateWindowMs} ms`);
  }
  return problems;
}
