import { resolve, join } from "node:path";
import { z } from "zod";
import { envFix, envVar, readEnv } from "../platform/env";

/** Admin token used when SHOP_ADMIN_TOKEN is unset: fine on a laptop, never in a shared environment. */
export const DEV_ADMIN_TOKEN = "dev-shop-admin-token";

const schema = z
  .object({
    MONOLITH_PORT: envVar.port(3001, { anyFree: true }),
    MONOLITH_HOST: envVar.host("127.0.0.1"),
    STRANGLER_DATA_DIR: envVar.path("./.strangler"),
    MONOLITH_DATABASE_URL: envVar.databaseUrl().optional(),
    SHOP_ADMIN_TOKEN: envVar.token().optional(),
    LOG_LEVEL: envVar.logLevel(),
  })
  .transform((env) => {
    const database = env.MONOLITH_DATABASE_URL ?? join(resolve(env.STRANGLER_DATA_DIR), "monolith.sqlite");
    return {
      port: env.MONOLITH_PORT,
      host: env.MONOLITH_HOST,
      dataDir: resolve(env.STRANGLER_DATA_DIR),
      /** The shop database, what createShopDataSource takes: the PostgreSQL URL of MONOLITH_DATABASE_URL, else the SQLite file `<dataDir>/monolith.sqlite`. */
      database,
      /** Which database `database` is. */
      databaseKind: (env.MONOLITH_DATABASE_URL === undefined ? "sqlite" : "postgres") as "sqlite" | "postgres",
      /** The same as `database` (its name from before PostgreSQL; scripts/seed reads it). */
      databasePath: database,
      adminToken: env.SHOP_ADMIN_TOKEN ?? DEV_ADMIN_TOKEN,
      adminTokenIsDefault: env.SHOP_ADMIN_TOKEN === undefined,
      logLevel: env.LOG_LEVEL,
    };
  });

/** The shop's settings, parsed once from the environment and frozen. */
export type MonolithConfig = Readonly<z.output<typeof schema>>;

const FIXES: Record<string, string> = {
  MONOLITH_PORT: envFix.port(3001, { anyFree: true }),
  MONOLITH_HOST: envFix.host,
  STRANGLER_DATA_DIR: envFix.dataDir,
  MONOLITH_DATABASE_URL: `${envFix.databaseUrl} Unset: the SQLite file monolith.sqlite in STRANGLER_DATA_DIR.`,
  SHOP_ADMIN_TOKEN: `${envFix.token} Unset: the development token (never outside a laptop).`,
  LOG_LEVEL: envFix.logLevel,
};

/**
 * Reads the shop's configuration from `env` (the process environment by default).
 * Empty variables count as unset (platform/env.ts). Throws a ConfigError naming each bad variable.
 */
export function readConfig(env: NodeJS.ProcessEnv = process.env): MonolithConfig {
  return readEnv(schema, env, FIXES);
}
