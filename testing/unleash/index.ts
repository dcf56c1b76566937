/** A real Unleash server for integration tests (installed on demand from this folder's own package.json). */
/** Starts unleash-server on a free port and a fresh PostgreSQL schema: `{ url, apiUrl, adminToken, clientToken, stop() }`. */
export { startUnleash, DEFAULT_DATABASE_URL } from "./start-unleash";
export type { RunningUnleash, StartUnleashOptions } from "./start-unleash";
/** The admin API calls for strangler route flags: create with flexibleRollout, set rollout, on/off, evaluate. */
export { UnleashAdmin } from "./unleash-admin";
export type { UnleashAdminTarget } from "./unleash-admin";
/** Installs testing/unleash on first use; the command to do it by hand. */
export { ensureUnleashInstalled, INSTALL_COMMAND } from "./unleash-install";
