import { z } from "zod";
import { envFix, envVar, readEnv } from "../../platform/env";
import { serviceDatabaseFixes, serviceDatabaseSettings, serviceDatabaseVariables } from "../../platform/service-database-env";
import { serviceSyncFixes, serviceSyncSettings, serviceSyncVariables } from "../../platform/service-sync-env";

const schema = z
  .object({
    ORDERS_PORT: envVar.port(3003, { anyFree: true }),
    ORDERS_HOST: envVar.host("127.0.0.1"),
    STRANGLER_DATA_DIR: envVar.path("./.strangler"),
    // ORDERS_DATABASE_URL (its own database on PostgreSQL) and MONOLITH_DATABASE_URL.
    ...serviceDatabaseVariables("orders"),
    // NATS_URL (unset: no sync) and NATS_REPLICAS (the streams the service creates).
    ...serviceSyncVariables(),
    LOG_LEVEL: envVar.logLevel(),
    STRANGLER_ADMIN_URL: envVar.httpUrl().optional(),
    STRANGLER_ADMIN_TOKEN: envVar.token().optional(),
    STRANGLER_SYNC_JOURNAL: envVar.onOff("off"),
    MONOLITH_PORT: envVar.port(3001),
    SHOP_ADMIN_TOKEN: envVar.token().default("dev-shop-admin-token"),
    STRANGLER_FAILPOINT_LEGACY_CALL_FREEZE: envVar.onOff("off"),
  })
  .transform((env) => ({
    port: env.ORDERS_PORT,
    host: env.ORDERS_HOST,
    /**
     * `dataDir`; `database`: ORDERS_DATABASE_URL (PostgreSQL), else `<dataDir>/orders.sqlite`;
     * `monolithDatabase`: the reverse sync's target and the keeper's other side, read by the backfill
     * and verify commands too (MONOLITH_DATABASE_URL, else `<dataDir>/monolith.sqlite`).
     */
    ...serviceDatabaseSettings("orders", env),
    /** `natsUrl` (null: serve without sync) and `natsReplicas` (null: by the cluster). */
    ...serviceSyncSettings(env),
    logLevel: env.LOG_LEVEL,
    /** The proxy's admin API, for the ownership keeper to settle an interrupted cut-over's routing (null: databases only). */
    proxyAdmin: env.STRANGLER_ADMIN_URL ? { url: env.STRANGLER_ADMIN_URL, token: env.STRANGLER_ADMIN_TOKEN } : null,
    /** Keep an apply journal of both consumers (docs/cdc.md, "Apply journal"). */
    syncJournal: env.STRANGLER_SYNC_JOURNAL,
    /** The shop's inventory API (stock stays in the monolith) and the admin token it asks for. */
    shopInventory: { url: `http://127.0.0.1:${env.MONOLITH_PORT}`, adminToken: env.SHOP_ADMIN_TOKEN },
    /** Fault injection only (docs/faults.md): freeze between a stock call and the order's write. */
    freezeAfterStockCall: env.STRANGLER_FAILPOINT_LEGACY_CALL_FREEZE,
  }));

/** The orders service's settings, parsed once from the environment and frozen. */
export type OrdersConfig = Readonly<z.output<typeof schema>>;

const FIXES: Record<string, string> = {
  ORDERS_PORT: envFix.port(3003, { anyFree: true }),
  ORDERS_HOST: envFix.host,
  STRANGLER_DATA_DIR: envFix.dataDir,
  ...serviceDatabaseFixes("orders"),
  ...serviceSyncFixes(),
  LOG_LEVEL: envFix.logLevel,
  STRANGLER_ADMIN_URL: "set the admin API of the proxy hosting the flag store, e.g. http://127.0.0.1:8081, or leave it unset (the keeper then settles the databases only).",
  STRANGLER_ADMIN_TOKEN: "use the proxy's admin token (npm start keeps it in .strangler/admin-token).",
  STRANGLER_SYNC_JOURNAL: "use on or off (default off).",
  MONOLITH_PORT: envFix.port(3001),
  SHOP_ADMIN_TOKEN: "use the shop's admin token (at least 16 characters; the monolith's SHOP_ADMIN_TOKEN), or unset it for the development token.",
  STRANGLER_FAILPOINT_LEGACY_CALL_FREEZE: "fault injection only (docs/faults.md): use on or off (default off).",
};

/** Reads the orders service's configuration from `env`; empty variables count as unset (platform/env.ts). Throws a ConfigError naming each bad variable. */
export function readOrdersConfig(env: NodeJS.ProcessEnv = process.env): OrdersConfig {
  return readEnv(schema, env, FIXES);
}
