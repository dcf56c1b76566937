import type { DataSource } from "typeorm";
import { startConsumer, startRelay, type ConsumerOptions, type Mapping, type RunningConsumer, type RunningRelay } from "../../../../cdc";
import type { Logger } from "../../../../platform";
import { MONOLITH_ORIGIN, REVERSE_DURABLE, REVERSE_SOURCE } from "./reverse-names";
import { reverseMapping } from "./reverse-mapping";

export interface StartReverseSyncOptions {
  /** The catalog database (migrated, capture installed): its change log is relayed to `CDC_CATALOG`. */
  catalog: DataSource;
  /** The monolith database, opened with `openMonolithTarget` (consumer tables migrated). */
  monolith: DataSource;
  natsUrl: string;
  logger?: Logger;
  /** Redelivery delay of the consumer (default 30 s); tests lower it. */
  ackWaitMs?: number;
  /** The mapping (default `reverseMapping`); tests wrap it to record what is applied. */
  mapping?: Mapping;
  /** Retries before a change is parked (defaults: 8 attempts, 200 ms up to 10 s); tests shorten them. */
  retries?: Pick<ConsumerOptions, "maxAttempts" | "retryBaseMs" | "retryMaxMs">;
}

/** The running reverse sync: the catalog's relay and the consumer into the monolith. */
export interface RunningReverseSync {
  relay: RunningRelay;
  consumer: RunningConsumer;
  stop(): Promise<void>;
}

/**
 * Starts the reverse sync (catalog → monolith): the relay of the catalog's change log and the
 * durable consumer `monolith-from-catalog`. Changes that came from the monolith (origin
 * `monolith`) are recorded, never applied back; the consumer's own writes are captured by the
 * monolith with origin `catalog`, so the forward consumer records them in turn (no ping-pong).
 */
export async function startReverseSync(options: StartReverseSyncOptions): Promise<RunningReverseSync> {
  const relay = await startRelay({ db: options.catalog, url: options.natsUrl, logger: options.logger });
  try {
    const consumer = await startConsumer({
      db: options.monolith,
      url: options.natsUrl,
      source: REVERSE_SOURCE,
      durable: REVERSE_DURABLE,
      mapping: options.mapping ?? reverseMapping,
      ownOrigin: MONOLITH_ORIGIN,
      targetHasCapture: true,
      logger: options.logger,
      ackWaitMs: options.ackWaitMs,
      ...options.retries,
    });
    return {
      relay,
      consumer,
      stop: async () => {
        await consumer.stop();
        await relay.stop();
      },
    };
  } catch (err) {
    await relay.stop();
    throw err;
  }
}
