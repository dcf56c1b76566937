import { join, resolve } from "node:path";
// The module itself, not the platform barrel: service configs are loaded by the CLI, which must not load express or winston.
import { envFix, envVar } from "./env";

/**
 * The databases of an extracted service, read from the environment by one convention for every
 * service (docs/adding-an-extracted-service.md):
 * - its own database: `<NAME>_DATABASE_URL` (a PostgreSQL URL), else the SQLite file
 *   `<STRANGLER_DATA_DIR>/<name>.sqlite`;
 * - the monolith's: `MONOLITH_DATABASE_URL`, else `<STRANGLER_DATA_DIR>/monolith.sqlite`.
 * A service's config spreads `serviceDatabaseVariables(name)` into its schema and
 * `serviceDatabaseFixes(name)` into its fixes, and takes `serviceDatabaseSettings(name, env)` into
 * its settings: a bad URL then stops the start with CONFIG_ERR_INVALID naming the variable and the fix.
 */

/** `<NAME>_DATABASE_URL` of a service named `N`. */
export type ServiceDatabaseVariable<N extends string> = `${Uppercase<N>}_DATABASE_URL`;

type DatabaseUrlField = ReturnType<ReturnType<typeof envVar.databaseUrl>["optional"]>;

const SERVICE_NAME = /^[a-z][a-z0-9_]*$/;

/** The variable that puts service `name`'s own database on PostgreSQL: `orders` → `ORDERS_DATABASE_URL`. */
export function serviceDatabaseVariable<N extends string>(name: N): ServiceDatabaseVariable<N> {
  if (!SERVICE_NAME.test(name)) throw new Error(`service name "${name}" cannot name an environment variable: use lowercase letters, digits and _ (the folder's name under extracted/)`);
  return `${name.toUpperCase()}_DATABASE_URL` as ServiceDatabaseVariable<N>;
}

/** Schema fields of a service's databases: `<NAME>_DATABASE_URL` and `MONOLITH_DATABASE_URL`, both optional PostgreSQL URLs. */
export function serviceDatabaseVariables<N extends string>(name: N): { MONOLITH_DATABASE_URL: DatabaseUrlField } & { [K in ServiceDatabaseVariable<N>]: DatabaseUrlField } {
  return { MONOLITH_DATABASE_URL: envVar.databaseUrl().optional(), [serviceDatabaseVariable(name)]: envVar.databaseUrl().optional() } as {
    MONOLITH_DATABASE_URL: DatabaseUrlField;
  } & { [K in ServiceDatabaseVariable<N>]: DatabaseUrlField };
}

/** The fix texts of those two variables (the value itself is never repeated: it may hold a password). */
export function serviceDatabaseFixes(name: string): Record<string, string> {
  return {
    MONOLITH_DATABASE_URL: `${envFix.databaseUrl} The monolith's database on PostgreSQL; unset: the SQLite file monolith.sqlite in STRANGLER_DATA_DIR.`,
    [serviceDatabaseVariable(name)]: `${envFix.databaseUrl} The ${name} service's own database on PostgreSQL; unset: the SQLite file ${name}.sqlite in STRANGLER_DATA_DIR.`,
  };
}

/** Where a service's databases are, as its settings carry them. */
export interface ServiceDatabaseSettings {
  /** STRANGLER_DATA_DIR, resolved (relay progress files of PostgreSQL databases live here too). */
  dataDir: string;
  /** The service's own database: `<NAME>_DATABASE_URL` (PostgreSQL), else `<dataDir>/<name>.sqlite`. */
  database: string;
  /** The monolith's database: MONOLITH_DATABASE_URL (PostgreSQL), else `<dataDir>/monolith.sqlite`. */
  monolithDatabase: string;
}

/** Resolves the databases from the parsed variables (in a config's `.transform`). */
export function serviceDatabaseSettings(name: string, env: Readonly<Record<string, unknown>> & { STRANGLER_DATA_DIR: string }): ServiceDatabaseSettings {
  const dataDir = resolve(env.STRANGLER_DATA_DIR);
  const own = env[serviceDatabaseVariable(name)];
  const monolith = env.MONOLITH_DATABASE_URL;
  return {
    dataDir,
    database: typeof own === "string" ? own : join(dataDir, `${name}.sqlite`),
    monolithDatabase: typeof monolith === "string" ? monolith : join(dataDir, "monolith.sqlite"),
  };
}
