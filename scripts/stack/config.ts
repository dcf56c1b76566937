import { resolve } from "node:path";
import { z } from "zod";
import { parseConfig } from "../../platform";

const port = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback);

const schema = z
  .object({
    STRANGLER_DATA_DIR: z.string().min(1).default("./.strangler"),
    NATS_URL: z.string().regex(/^(nats|tls):\/\/.+/, "must be a nats:// or tls:// URL").optional(),
    MONOLITH_PORT: port(3001),
    PROXY_PORT: port(8080),
    ADMIN_PORT: port(8081),
    RELAY_METRICS_PORT: port(8082),
    STRANGLER_ADMIN_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
    PATH: z.string().optional(),
    STRANGLER_CONFIG: z.string().min(1).default("./strangler.config.json"),
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

export function readStackConfig(env: NodeJS.ProcessEnv = process.env): StackConfig {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ""));
  return parseConfig(schema, present, "environment", {
    MONOLITH_PORT: "set a port number from 1 to 65535 (default 3001).",
    PROXY_PORT: "set a port number from 1 to 65535 (default 8080).",
    ADMIN_PORT: "set a port number from 1 to 65535 (default 8081).",
    RELAY_METRICS_PORT: "set a port number from 1 to 65535 (default 8082) for the relay's GET /metrics.",
    NATS_URL: "unset it to let `npm start` launch its own nats-server, or give e.g. nats://127.0.0.1:4222.",
    STRANGLER_ADMIN_TOKEN: "use a long random string, e.g. `openssl rand -hex 24`, or unset it to use the one kept in the data folder.",
  });
}
