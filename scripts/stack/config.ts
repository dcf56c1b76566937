import { resolve } from "node:path";
import { z } from "zod";
import { envFix, envVar, readEnv } from "../../platform/env";

/** `npm start` prints and checks fixed ports before it starts anything, so 0 ("any free port") is refused. */
const schema = z
  .object({
    STRANGLER_DATA_DIR: envVar.path("./.strangler"),
    NATS_URL: envVar.natsUrl().optional(),
    MONOLITH_PORT: envVar.port(3001),
    PROXY_PORT: envVar.port(8080),
    ADMIN_PORT: envVar.port(8081),
    RELAY_METRICS_PORT: envVar.port(8082),
    STRANGLER_ADMIN_TOKEN: envVar.token().optional(),
    PATH: z.string().optional(),
    STRANGLER_CONFIG: envVar.path("./strangler.config.json"),
  })
  .transform((env) => ({
    dataDir: resolve(env.STRANGLER_DATA_DIR),
    natsUrl: env.NATS_URL,
    monolithPort: env.MONOLITH_PORT,
    proxyPort: env.PROXY_PORT,
    adminPort: env.ADMIN_PORT,
    /** The monolith's relay serves GET /metrics here (admin token). */
    relayMetricsPort: env.RELAY_METRICS_PORT,
    adminToken: env.STRANGLER_ADMIN_TOKEN,
    /** Where to look for nats-server first (then the Debian locations). */
    searchPath: env.PATH ?? "",
    /** The proxy's route table, checked before anything starts. */
    routeTablePath: resolve(env.STRANGLER_CONFIG),
  }));

/** Settings of `npm start`, from the environment (the same variables every deployable reads). */
export type StackConfig = Readonly<z.output<typeof schema>>;

const FIXES: Record<string, string> = {
  STRANGLER_DATA_DIR: envFix.dataDir,
  MONOLITH_PORT: envFix.port(3001),
  PROXY_PORT: envFix.port(8080),
  ADMIN_PORT: envFix.port(8081),
  RELAY_METRICS_PORT: `${envFix.port(8082)} The relay serves its GET /metrics there.`,
  NATS_URL: "unset it to let `npm start` launch its own nats-server, or give e.g. nats://127.0.0.1:4222.",
  STRANGLER_ADMIN_TOKEN: `${envFix.token} Or unset it to use the one kept in the data folder.`,
  STRANGLER_CONFIG: envFix.routeTable,
};

/** Reads `npm start`'s settings from `env`; empty variables count as unset (platform/env.ts). */
export function readStackConfig(env: NodeJS.ProcessEnv = process.env): StackConfig {
  return readEnv(schema, env, FIXES);
}
