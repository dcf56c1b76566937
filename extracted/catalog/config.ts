import { z } from "zod";
import { envFix, envVar, readEnv } from "../../platform/env";
import { serviceDatabaseFixes, serviceDatabaseSettings, serviceDatabaseVariables } from "../../platform/service-database-env";
import { serviceSyncFixes, serviceSyncSettings, serviceSyncVariables } from "../../platform/service-sync-env";

/** Admin token used when SHOP_ADMIN_TOKEN is unset: the monolith's development default, so one token works on both sides. */
export const DEV_ADMIN_TOKEN = "dev-shop-admin-token";

const schema = z
  .object({
    CATALOG_PORT: envVar.port(3002, { anyFree: true }),
    CATALOG_HOST: envVar.host("127.0.0.1"),
    STRANGLER_DATA_DIR: envVar.path("./.strangler"),
    // CATALOG_DATABASE_URL (its own database on PostgreSQL) and MONOLITH_DATABASE_URL.
    ...serviceDatabaseVariables("catalog"),
    // NATS_URL (unset: no sync) and NATS_REPLICAS (the streams the service creates).
    ...serviceSyncVariables(),
    SHOP_ADMIN_TOKEN: envVar.token().optional(),
    LOG_LEVEL: envVar.logLevel(),
    STRANGLER_ADMIN_URL: envVar.httpUrl().optional(),
    STRANGLER_ADMIN_TOKEN: envVar.token().optional(),
    STRANGLER_SYNC_JOURNAL: envVar.onOff("off"),
    STRANGLER_METRICS_TOKEN: envVar.token().optional(),
  })
  .transform((env) => ({
    port: env.CATALOG_PORT,
    host: env.CATALOG_HOST,
    /**
     * `dataDir`; `database`: CATALOG_DATABASE_URL (PostgreSQL), else `<dataDir>/catalog.sqlite`;
     * `monolithDatabase`: MONOLITH_DATABASE_URL, else `<dataDir>/monolith.sqlite` (the reverse sync's
     * target, the keeper's other side, read by the backfill and verify commands).
     */
    ...serviceDatabaseSettings("catalog", env),
    /** `natsUrl` (null: serve without sync) and `natsReplicas` (null: by the cluster). */
    ...serviceSyncSettings(env),
    /** Bearer token of the catalog writes: the monolith's SHOP_ADMIN_TOKEN, so clients keep their token when a write route moves. */
    adminToken: env.SHOP_ADMIN_TOKEN ?? DEV_ADMIN_TOKEN,
    adminTokenIsDefault: env.SHOP_ADMIN_TOKEN === undefined,
    logLevel: env.LOG_LEVEL,
    /** The proxy's admin API, for the ownership keeper to finish an interrupted cut-over's routing (null: databases only). */
    proxyAdmin: env.STRANGLER_ADMIN_URL ? { url: env.STRANGLER_ADMIN_URL, token: env.STRANGLER_ADMIN_TOKEN } : null,
    /** Keep an apply journal of both consumers (docs/cdc.md, "Apply journal"). */
    syncJournal: env.STRANGLER_SYNC_JOURNAL,
    /**
     * Bearer token of `GET /metrics`: STRANGLER_METRICS_TOKEN, else the proxy's admin token
     * (STRANGLER_ADMIN_TOKEN, which npm start passes); null: /metrics answers 503 until one is set.
     */
    metricsToken: env.STRANGLER_METRICS_TOKEN ?? env.STRANGLER_ADMIN_TOKEN ?? null,
  }));

/** The catalog service's settings, parsed once from the environment and frozen. */
export type CatalogConfig = Readonly<z.output<typeof schema>>;

const FIXES: Record<string, string> = {
  CATALOG_PORT: envFix.port(3002, { anyFree: true }),
  CATALOG_HOST: envFix.host,
  STRANGLER_DATA_DIR: envFix.dataDir,
  ...serviceDatabaseFixes("catalog"),
  ...serviceSyncFixes(),
  SHOP_ADMIN_TOKEN: "use the same long random string as the monolith's SHOP_ADMIN_TOKEN.",
  LOG_LEVEL: envFix.logLevel,
  STRANGLER_ADMIN_URL: "set the admin API of the proxy hosting the flag store, e.g. http://127.0.0.1:8081, or leave it unset (the keeper then settles the databases only).",
  STRANGLER_ADMIN_TOKEN: "use the proxy's admin token (npm start keeps it in .strangler/admin-token).",
  STRANGLER_SYNC_JOURNAL: "use on or off (default off).",
  STRANGLER_METRICS_TOKEN: "use a long random string (e.g. `openssl rand -hex 24`) that Prometheus sends as Authorization: Bearer <token>, or unset it to use STRANGLER_ADMIN_TOKEN.",
};

/** Reads the catalog's configuration from `env`; empty variables count as unset (platform/env.ts). Throws a ConfigError naming each bad variable. */
export function readCatalogConfig(env: NodeJS.ProcessEnv = process.env): CatalogConfig {
  return readEnv(schema, env, FIXES);
}
