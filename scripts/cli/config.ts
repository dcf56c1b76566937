import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { z } from "zod";
// The module itself, not the platform barrel: reading a few variables must not load express or winston.
import { envFix, envVar, presentVariables, readEnv } from "../../platform/env";
import { serviceDatabaseFixes, serviceDatabaseVariable, serviceDatabaseVariables } from "../../platform/service-database-env";
import { serviceFolders } from "../services/service-folders";
import { REPO_ROOT } from "./repo-root";

const schema = z.object({
  STRANGLER_ADMIN_URL: envVar.httpUrl().optional(),
  /** The CLI connects to it: 0 ("any free port") makes no sense here. */
  ADMIN_PORT: envVar.port(8081),
  /** Sent as it is (the proxy checks it): any non-empty value. */
  STRANGLER_ADMIN_TOKEN: z.string().min(1).optional(),
  STRANGLER_DATA_DIR: envVar.path("./.strangler"),
  STRANGLER_CONFIG: envVar.path("./strangler.config.json"),
  MONOLITH_DATABASE_URL: envVar.databaseUrl().optional(),
  STRANGLER_FAILPOINT_CUTOVER_FREEZE_AFTER: z.coerce.number().int().min(0).max(9).optional(),
});

const FIXES: Record<string, string> = {
  STRANGLER_ADMIN_URL: "give the admin API's base URL, e.g. http://127.0.0.1:8081.",
  ADMIN_PORT: envFix.port(8081),
  STRANGLER_DATA_DIR: envFix.dataDir,
  STRANGLER_CONFIG: envFix.routeTable,
  MONOLITH_DATABASE_URL: `${envFix.databaseUrl} The monolith's database on PostgreSQL, as the stack runs it; unset: the SQLite file monolith.sqlite in STRANGLER_DATA_DIR.`,
  STRANGLER_FAILPOINT_CUTOVER_FREEZE_AFTER: "fault injection only (docs/faults.md): give a step number from 0 to 9, or unset it.",
};

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
   * MONOLITH_DATABASE_URL: the monolith on PostgreSQL, whose change log (`strangler.changes`) the
   * relay lines of `status` and `sync status` read; undefined: the SQLite file in the data folder.
   */
  monolithDatabaseUrl?: string;
  /**
   * `<NAME>_DATABASE_URL` of each service folder that has one set (e.g. `catalog` → CATALOG_DATABASE_URL):
   * that service's own database on PostgreSQL, whose change log the relay line of its stream reads.
   */
  serviceDatabaseUrls: Readonly<Record<string, string>>;
  /**
   * Fault injection only (docs/faults.md): `strangler cutover` freezes its whole process right after
   * printing its header (0) or its Nth step line, so a test's kill -9 lands exactly there.
   */
  cutoverFreezeAfter?: number;
}

/**
 * Where the CLI finds the admin API: `STRANGLER_ADMIN_URL` (else 127.0.0.1:`ADMIN_PORT`), and its
 * token: `STRANGLER_ADMIN_TOKEN`, else the token `npm start` keeps in `<STRANGLER_DATA_DIR>/admin-token`;
 * the services' URLs: the route table `STRANGLER_CONFIG` (default `./strangler.config.json`); the
 * monolith's change log: `MONOLITH_DATABASE_URL` (PostgreSQL), else `<STRANGLER_DATA_DIR>/monolith.sqlite`.
 * Empty variables count as unset (platform/env.ts).
 */
export function readCliConfig(env: NodeJS.ProcessEnv = process.env, root = REPO_ROOT): CliConfig {
  // Each service's own database by the services' convention (platform/service-database-env.ts), for the folders under extracted/.
  const names = serviceFolders(root)
    .map((folder) => folder.name)
    .filter((name) => /^[a-z][a-z0-9_]*$/.test(name));
  const services = names.reduce((fields, name) => ({ ...fields, ...serviceDatabaseVariables(name) }), {});
  const fixes = names.reduce((all, name) => ({ ...serviceDatabaseFixes(name), ...all }), FIXES);
  const vars = readEnv(schema.extend(services), env, fixes) as z.output<typeof schema> & Record<string, unknown>;
  const serviceDatabaseUrls: Record<string, string> = {};
  for (const name of names) {
    const url = vars[serviceDatabaseVariable(name)];
    if (typeof url === "string") serviceDatabaseUrls[name] = url;
  }
  const dataDir = resolve(vars.STRANGLER_DATA_DIR);
  const tokenFile = join(dataDir, "admin-token");
  return {
    adminUrl: (vars.STRANGLER_ADMIN_URL ?? `http://127.0.0.1:${vars.ADMIN_PORT}`).replace(/\/+$/, ""),
    adminToken: vars.STRANGLER_ADMIN_TOKEN ?? (existsSync(tokenFile) ? readFileSync(tokenFile, "utf8").trim() : undefined),
    dataDir,
    routeTablePath: resolve(vars.STRANGLER_CONFIG),
    routeTableEnv: Object.freeze(presentVariables(env)),
    serviceDatabaseUrls: Object.freeze(serviceDatabaseUrls),
    ...(vars.MONOLITH_DATABASE_URL !== undefined ? { monolithDatabaseUrl: vars.MONOLITH_DATABASE_URL } : {}),
    ...(vars.STRANGLER_FAILPOINT_CUTOVER_FREEZE_AFTER !== undefined ? { cutoverFreezeAfter: vars.STRANGLER_FAILPOINT_CUTOVER_FREEZE_AFTER } : {}),
  };
}
