import { DiscardPolicy, RetentionPolicy, StorageType, type JetStreamManager } from "@nats-io/jetstream";
import { nanos } from "@nats-io/transport-node";
import { CDC_ERROR_CODES, CdcError } from "../core/errors";
import { streamName, streamSubjects } from "../core/naming";
import { streamConfigProblems, type StreamRequirements } from "./stream-policy";

/** Duplicate window of a stream created here, unless the caller requires a longer one. */
export const DEFAULT_DUPLICATE_WINDOW_MS = 2 * 3600_000;

/**
 * Creates the stream of a source when missing (relay and consumer may start in any order), then
 * checks it; settings that could lose changes fail the start.
 */
export async function ensureStream(jsm: JetStreamManager, source: string, requirements: StreamRequirements): Promise<string> {
  const name = streamName(source);
  let config;
  try {
    config = (await jsm.streams.info(name)).config;
  } catch (err) {
    if (!/stream not found/i.test(String(err))) throw err;
    config = (
      await jsm.streams.add({
        name,
        subjects: [streamSubjects(source)],
        storage: StorageType.File,
        retention: RetentionPolicy.Limits,
        discard: DiscardPolicy.New,
        max_msgs: -1,
        max_bytes: -1,
        max_age: 0,
        duplicate_window: nanos(Math.max(requirements.minDuplicateWindowMs, DEFAULT_DUPLICATE_WINDOW_MS)),
      })
    ).config;
  }
  const problems = streamConfigProblems(config, requirements);
  if (problems.length > 0) {
    throw new CdcError(CDC_ERROR_CODES.streamUnsafe, `Stream ${name} could lose changes: ${problems.join("; ")}. Fix the stream settings (nats stream edit ${name}) or delete it so it is created safely.`);
  }
  return name;
}
