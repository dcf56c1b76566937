import { resolve, join } from "node:path";
import { z } from "zod";
import { parseConfig } from "../platform";

/** Admin token used when SHOP_ADMIN_TOKEN is unset: fine on a laptop, never in a shared environment. */
export const DEV_ADMIN_TOKEN = "dev-shop-admin-token";

const LOG_LEVELS = ["error", "warn", "info", "http", "verbose", "debug", "silly"] as const;

const schema = z
  .object({
    MONOLITH_PORT: z.coerce.number().int().min(0).max(65535).default(3001),
    MONOLITH_HOST: z.string().min(1).default("127.0.0.1"),
    STRANGLER_DATA_DIR: z.string().min(1).default("./.strangler"),
    SHOP_ADMIN_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
    LOG_LEVEL: z.enum(LOG_LEVELS).default("info"),
  })
  .transform((env) => ({
    port: env.MONOLITH_PORT,
    host: env.MONOLITH_HOST,
    dataDir: resolve(env.STRANGLER_DATA_DIR),
    databasePath: join(resolve(env.STRANGLER_DATA_DIR), "monolith.sqlite"),
    adminToken: env.SHOP_ADMIN_TOKEN ?? DEV_ADMIN_TOKEN,
    adminTokenIsDefault: env.SHOP_ADMIN_TOKEN === undefined,
    logLevel: env.LOG_LEVEL,
  }));

/** The shop's settings, parsed once from the environment and frozen. */
export type MonolithConfig = Readonly<z.output<typeof schema>>;

const FIXES: Record<string, string> = {
  MONOLITH_PORT: "set a port number between 0 and 65535 (default 3001).",
  MONOLITH_HOST: "set an interface address such as 127.0.0.1 or 0.0.0.0.",
  STRANGLER_DATA_DIR: "set a writable folder (default ./.strangler).",
  SHOP_ADMIN_TOKEN: "use a long random string, e.g. `openssl rand -hex 24`.",
  LOG_LEVEL: `use one of ${LOG_LEVELS.join(", ")}.`,
};

/**
 * Reads the shop's configuration from `env` (the process environment by default).
 * Empty variables count as unset. Throws a ConfigError naming each bad variable.
 */
export function readConfig(env: NodeJS.ProcessEnv = process.env): MonolithConfig {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ""));
  return parseConfig(schema, present, "environment", FIXES);
}
