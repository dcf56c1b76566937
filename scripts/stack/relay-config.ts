import { join, resolve } from "node:path";
import { z } from "zod";
import { parseConfig } from "../../platform";

const LOG_LEVELS = ["error", "warn", "info", "http", "verbose", "debug", "silly"] as const;
const milliseconds = (fallback: number) => z.coerce.number().int("must be a whole number of milliseconds").min(0, "must be 0 or more").default(fallback);

const schema = z
  .object({
    STRANGLER_DATA_DIR: z.string().min(1).default("./.strangler"),
    NATS_URL: z.string({ error: "is required" }).regex(/^(nats|tls):\/\/.+/, "must be a nats:// or tls:// URL"),
    LOG_LEVEL: z.enum(LOG_LEVELS).default("info"),
    STRANGLER_RELAY_RETENTION_MS: milliseconds(24 * 3600_000),
    STRANGLER_RELAY_PRUNE_IDLE_MS: milliseconds(2000),
  })
  .transform((env) => ({
    dataDir: resolve(env.STRANGLER_DATA_DIR),
    /** The source database: the monolith's file in the data folder. */
    databasePath: join(resolve(env.STRANGLER_DATA_DIR), "monolith.sqlite"),
    natsUrl: env.NATS_URL,
    logLevel: env.LOG_LEVEL,
    retentionMs: env.STRANGLER_RELAY_RETENTION_MS,
    pruneWhenIdleMs: env.STRANGLER_RELAY_PRUNE_IDLE_MS,
  }));

/** Settings of the monolith's relay process (`scripts/stack/relay-main.ts`), parsed once and frozen. */
export type RelayConfig = Readonly<z.output<typeof schema>>;

const FIXES: Record<string, string> = {
  STRANGLER_DATA_DIR: "set the folder that holds monolith.sqlite (default ./.strangler).",
  NATS_URL: "give the NATS server to relay to, e.g. nats://127.0.0.1:4222.",
  LOG_LEVEL: `use one of ${LOG_LEVELS.join(", ")}.`,
  STRANGLER_RELAY_RETENTION_MS: "give how long published changes stay in the change log, in milliseconds (default 86400000, 24 h).",
  STRANGLER_RELAY_PRUNE_IDLE_MS: "give how long the monolith must write nothing before old changes are pruned, in milliseconds (default 2000).",
};

/**
 * Reads the relay's configuration from `env` (the process environment by default). Empty
 * variables count as unset. Throws a ConfigError naming each bad variable and its fix.
 */
export function readRelayConfig(env: NodeJS.ProcessEnv = process.env): RelayConfig {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ""));
  return parseConfig(schema, present, "environment", FIXES);
}
