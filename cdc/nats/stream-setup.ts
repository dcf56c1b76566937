import { DiscardPolicy, RetentionPolicy, StorageType, type JetStreamManager } from "@nats-io/jetstream";
import { nanos } from "@nats-io/transport-node";
import { CDC_ERROR_CODES, CdcError } from "../core/errors";
import { streamName, streamSubjects } from "../core/naming";
import { streamConfigProblems, type StreamRequirements } from "./stream-policy";

/** Duplicate window of a stream created here, unless the caller requires a longer one. */
export const DEFAULT_DUPLICATE_WINDOW_MS = 2 * 3600_000;

/** What nats-server answers when it cannot place that many replicas (too few JetStream servers up, or no cluster). */
const CANNOT_PLACE = /no suitable peers|insufficient resources|replicas > 1 not supported|not supported in non-clustered mode/i;

/**
 * Creates the stream of a source when missing (relay and consumer may start in any order) with
 * `replicas` copies (replicas.ts decides), then checks it; settings that could lose changes fail
 * the start.
 */
export async function ensureStream(jsm: JetStreamManager, source: string, requirements: StreamRequirements, replicas = 1): Promise<string> {
  const name = streamName(source);
  let config;
  try {
    config = (await jsm.streams.info(name)).config;
  } catch (err) {
    if (!/stream not found/i.test(String(err))) throw err;
    config = (await createStream(jsm, source, requirements, replicas)).config;
  }
  const problems = streamConfigProblems(config, requirements);
  if (problems.length > 0) {
    throw new CdcError(CDC_ERROR_CODES.streamUnsafe, `Stream ${name} could lose changes: ${problems.join("; ")}. Fix the stream settings (nats stream edit ${name}) or delete it so it is created safely.`);
  }
  return name;
}

async function createStream(jsm: JetStreamManager, source: string, requirements: StreamRequirements, replicas: number) {
  const name = streamName(source);
  try {
    return await jsm.streams.add({
      name,
      subjects: [streamSubjects(source)],
      storage: StorageType.File,
      retention: RetentionPolicy.Limits,
      discard: DiscardPolicy.New,
      max_msgs: -1,
      max_bytes: -1,
      max_age: 0,
      duplicate_window: nanos(Math.max(requirements.minDuplicateWindowMs, DEFAULT_DUPLICATE_WINDOW_MS)),
      num_replicas: replicas,
    });
  } catch (err) {
    if (!CANNOT_PLACE.test(String(err))) throw err;
    throw new CdcError(
      CDC_ERROR_CODES.streamReplicas,
      `Stream ${name} could not be created with ${replicas} replicas: nats-server answered "${err instanceof Error ? err.message : String(err)}" ` +
        `(a stream needs as many JetStream servers up as it has replicas). Fix: start the missing servers of the cluster, or set NATS_REPLICAS to at most the JetStream servers it has (1 for a single server).`,
      { cause: err },
    );
  }
}
