import { join, resolve } from "node:path";
import { z } from "zod";
import { envFix, envVar, readEnv } from "../../platform/env";

const milliseconds = (fallback: number) => z.coerce.number().int("must be a whole number of milliseconds").min(0, "must be 0 or more").default(fallback);
/** `off` (or unset): no listener; else a port (0: any free one, for tests). */
const metricsPort = z
  .union([z.literal("off"), z.coerce.number().int("must be a port number or off").min(0, "must be a port number or off").max(65535, "must be a port number or off")])
  .optional()
  .transform((value) => (value === undefined || value === "off" ? null : value));

const schema = z
  .object({
    STRANGLER_DATA_DIR: envVar.path("./.strangler"),
    MONOLITH_DATABASE_URL: envVar.databaseUrl().optional(),
    NATS_URL: envVar.natsUrl(),
    NATS_REPLICAS: envVar.natsReplicas().optional(),
    LOG_LEVEL: envVar.logLevel(),
    STRANGLER_RELAY_RETENTION_MS: milliseconds(24 * 3600_000),
    STRANGLER_RELAY_PRUNE_IDLE_MS: milliseconds(2000),
    STRANGLER_RELAY_PRUNE_FORCE_ABOVE: z.coerce.number().int("must be a whole number of rows").min(1, "must be 1 or more").optional(),
    RELAY_METRICS_PORT: metricsPort,
    RELAY_METRICS_HOST: envVar.host("127.0.0.1"),
    STRANGLER_METRICS_TOKEN: envVar.token().optional(),
    STRANGLER_ADMIN_TOKEN: envVar.token().optional(),
  })
  .superRefine((env, ctx) => {
    if (env.RELAY_METRICS_PORT !== null && !env.STRANGLER_METRICS_TOKEN && !env.STRANGLER_ADMIN_TOKEN) {
      ctx.addIssue({ code: "custom", path: ["STRANGLER_METRICS_TOKEN"], message: "is required when RELAY_METRICS_PORT is set (GET /metrics is token-guarded)" });
    }
  })
  .transform((env) => ({
    dataDir: resolve(env.STRANGLER_DATA_DIR),
    /** The source database: MONOLITH_DATABASE_URL (PostgreSQL), else the monolith's file in the data folder. */
    database: env.MONOLITH_DATABASE_URL ?? join(resolve(env.STRANGLER_DATA_DIR), "monolith.sqlite"),
    /** Where the relay keeps its progress: the toolkit's own file in the data folder, never in the monolith's database. */
    progressFile: join(resolve(env.STRANGLER_DATA_DIR), "monolith.strangler.sqlite"),
    natsUrl: env.NATS_URL,
    /** Copies of the stream JetStream keeps; undefined: by the cluster the server reports (3 on 3 or more servers, else 1). */
    natsReplicas: env.NATS_REPLICAS,
    logLevel: env.LOG_LEVEL,
    retentionMs: env.STRANGLER_RELAY_RETENTION_MS,
    pruneWhenIdleMs: env.STRANGLER_RELAY_PRUNE_IDLE_MS,
    /** Prune while the monolith writes once this many rows wait (unset: never; only when it is idle). */
    pruneForceAbove: env.STRANGLER_RELAY_PRUNE_FORCE_ABOVE ?? Number.POSITIVE_INFINITY,
    /**
     * `GET /metrics` of this process (the relay's `cdc_relay_*` and Node's process metrics), or null
     * (the default): no listener at all. Token: STRANGLER_METRICS_TOKEN, else STRANGLER_ADMIN_TOKEN.
     */
    metrics:
      env.RELAY_METRICS_PORT === null
        ? null
        : { port: env.RELAY_METRICS_PORT, host: env.RELAY_METRICS_HOST, token: (env.STRANGLER_METRICS_TOKEN ?? env.STRANGLER_ADMIN_TOKEN) as string },
  }));

/** Settings of the monolith's relay process (`scripts/stack/relay-main.ts`), parsed once and frozen. */
export type RelayConfig = Readonly<z.output<typeof schema>>;

const FIXES: Record<string, string> = {
  STRANGLER_DATA_DIR: "set the folder that holds monolith.sqlite (default ./.strangler).",
  MONOLITH_DATABASE_URL: "give the monolith's PostgreSQL database (postgres://user@host:5432/db), or unset it for monolith.sqlite in STRANGLER_DATA_DIR.",
  NATS_URL: "give the NATS server to relay to, e.g. nats://127.0.0.1:4222, or a cluster's servers separated by commas.",
  NATS_REPLICAS: envFix.natsReplicas,
  LOG_LEVEL: envFix.logLevel,
  STRANGLER_RELAY_RETENTION_MS: "give how long published changes stay in the change log, in milliseconds (default 86400000, 24 h).",
  STRANGLER_RELAY_PRUNE_IDLE_MS: "give how long the monolith must write nothing before old changes are pruned, in milliseconds (default 2000).",
  STRANGLER_RELAY_PRUNE_FORCE_ABOVE: "give a number of rows (e.g. 1000000) above which old changes are pruned even while the monolith writes, or leave it unset (never: prune only when idle).",
  RELAY_METRICS_PORT: "give the port of the relay's GET /metrics listener (8082 by convention), or off (the default) for none.",
  RELAY_METRICS_HOST: envFix.host,
  STRANGLER_METRICS_TOKEN: "set a long random string (e.g. `openssl rand -hex 24`) that Prometheus sends as Authorization: Bearer <token>, or set STRANGLER_ADMIN_TOKEN, or unset RELAY_METRICS_PORT.",
  STRANGLER_ADMIN_TOKEN: "use the proxy's admin token (npm start keeps it in .strangler/admin-token), at least 16 characters.",
};

/**
 * Reads the relay's configuration from `env` (the process environment by default). Empty
 * variables count as unset (platform/env.ts). Throws a ConfigError naming each bad variable and its fix.
 */
export function readRelayConfig(env: NodeJS.ProcessEnv = process.env): RelayConfig {
  return readEnv(schema, env, FIXES);
}
