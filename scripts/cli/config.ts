import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { z } from "zod";
// The module itself, not the platform barrel: reading a few variables must not load express or winston.
import { parseConfig } from "../../platform/config-error";

const schema = z.object({
  STRANGLER_ADMIN_URL: z.url().optional(),
  ADMIN_PORT: z.coerce.number().int().min(1).max(65535).default(8081),
  STRANGLER_ADMIN_TOKEN: z.string().min(1).optional(),
  STRANGLER_DATA_DIR: z.string().min(1).default("./.strangler"),
  STRANGLER_CONFIG: z.string().min(1).default("./strangler.config.json"),
  STRANGLER_FAILPOINT_CUTOVER_FREEZE_AFTER: z.coerce.number().int().min(0).max(9).optional(),
});

export interface CliConfig {
  /** Base URL of the proxy's admin API. */
  adminUrl: string;
  /** Bearer token; undefined when neither the variable nor the stack's token file is there. */
  adminToken?: string;
  dataDir: string;
  /** The proxy's route table file: where the CLI finds each service's URL and sync status path. */
  routeTablePath: string;
  /** Variables for the route table's `${VAR:-default}` (e.g. CATALOG_PORT), as the proxy reads them. */
  routeTableEnv: Readonly<Record<string, string | undefined>>;
  /**
   * Fault injection only (docs/faults.md): `strangler cutover` freezes its whole process right after
   * printing its header (0) or its Nth step line, so a test's kill -9 lands exactly there.
   */
  cutoverFreezeAfter?: number;
}

/**
 * Where the CLI finds the admin API: `STRANGLER_ADMIN_URL` (else 127.0.0.1:`ADMIN_PORT`), and its
 * token: `STRANGLER_ADMIN_TOKEN`, else the token `npm start` keeps in `<STRANGLER_DATA_DIR>/admin-token`;
 * the services' URLs: the route table `STRANGLER_CONFIG` (default `./strangler.config.json`).
 */
export function readCliConfig(env: NodeJS.ProcessEnv = process.env): CliConfig {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ""));
  const vars = parseConfig(schema, present, "environment", {
    STRANGLER_ADMIN_URL: "give the admin API's base URL, e.g. http://127.0.0.1:8081.",
  });
  const dataDir = resolve(vars.STRANGLER_DATA_DIR);
  const tokenFile = join(dataDir, "admin-token");
  return {
    adminUrl: (vars.STRANGLER_ADMIN_URL ?? `http://127.0.0.1:${vars.ADMIN_PORT}`).replace(/\/+$/, ""),
    adminToken: vars.STRANGLER_ADMIN_TOKEN ?? (existsSync(tokenFile) ? readFileSync(tokenFile, "utf8").trim() : undefined),
    dataDir,
    routeTablePath: resolve(vars.STRANGLER_CONFIG),
    routeTableEnv: Object.freeze({ ...present }),
    ...(vars.STRANGLER_FAILPOINT_CUTOVER_FREEZE_AFTER !== undefined ? { cutoverFreezeAfter: vars.STRANGLER_FAILPOINT_CUTOVER_FREEZE_AFTER } : {}),
  };
}
