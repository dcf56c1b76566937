// The module itself, not the platform barrel: service configs are loaded by the CLI and `npm start`, which must not load express or winston.
import { envFix, envVar } from "./env";

/**
 * The change-stream broker of an extracted service, read from the environment by one convention for
 * every service (docs/nats-cluster.md):
 * - `NATS_URL`: the NATS server, or a cluster's servers separated by commas; unset, the service
 *   serves without sync;
 * - `NATS_REPLICAS` (1–5): the replicas of a change stream the service creates (its own relay's
 *   `CDC_<SERVICE>`, or `CDC_MONOLITH` when its consumer starts before the monolith's relay), as the
 *   relay process reads it; unset, chosen by the cluster the server reports (3 on 3 or more
 *   servers, else 1).
 * A service's config spreads `serviceSyncVariables()` into its schema and `serviceSyncFixes()` into
 * its fixes, and takes `serviceSyncSettings(env)` into its settings: a bad value then stops the
 * start with CONFIG_ERR_INVALID naming the variable and the fix.
 */

/** Schema fields of a service's broker: `NATS_URL` and `NATS_REPLICAS`, both optional. */
export function serviceSyncVariables() {
  return { NATS_URL: envVar.natsUrl().optional(), NATS_REPLICAS: envVar.natsReplicas().optional() };
}

/** The fix texts of those two variables. */
export function serviceSyncFixes(): Record<string, string> {
  return {
    NATS_URL: "set the broker's URL, e.g. nats://127.0.0.1:4222 (or a cluster's servers separated by commas), or leave it unset to serve without sync.",
    NATS_REPLICAS: envFix.natsReplicas,
  };
}

/** A service's broker, as its settings carry it. */
export interface ServiceSyncSettings {
  /** NATS_URL; null: serve without sync. */
  natsUrl: string | null;
  /** NATS_REPLICAS: replicas of a stream the service creates; null: chosen by the cluster (cdc/nats/replicas.ts). */
  natsReplicas: number | null;
}

/** The broker's settings from the parsed variables (in a config's `.transform`). */
export function serviceSyncSettings(env: { NATS_URL?: string; NATS_REPLICAS?: number }): ServiceSyncSettings {
  return { natsUrl: env.NATS_URL ?? null, natsReplicas: env.NATS_REPLICAS ?? null };
}
