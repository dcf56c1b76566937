import { resolve } from "node:path";
import { z } from "zod";
import { envFix, envVar, readEnv } from "../../platform/env";
import { MAX_CLUSTER_NODES } from "./nats-parts";

const CLUSTER_NODES_PROBLEM = `must be 1 (one nats-server) or an odd number of nodes from 3 to ${MAX_CLUSTER_NODES} (a cluster works while a majority is up)`;
/** STRANGLER_NATS_CLUSTER: how many nats-servers `npm start` launches (default 1). */
const natsClusterNodes = z
  .string()
  .trim()
  .regex(/^\d+$/, CLUSTER_NODES_PROBLEM)
  .transform(Number)
  .refine((nodes) => nodes === 1 || (nodes >= 3 && nodes <= MAX_CLUSTER_NODES && nodes % 2 === 1), CLUSTER_NODES_PROBLEM)
  .default(1);

/** `npm start` prints and checks fixed ports before it starts anything, so 0 ("any free port") is refused. */
const schema = z
  .object({
    STRANGLER_DATA_DIR: envVar.path("./.strangler"),
    NATS_URL: envVar.natsUrl().optional(),
    STRANGLER_NATS_CLUSTER: natsClusterNodes,
    NATS_REPLICAS: envVar.natsReplicas().optional(),
    MONOLITH_DATABASE_URL: envVar.databaseUrl().optional(),
    MONOLITH_PORT: envVar.port(3001),
    PROXY_PORT: envVar.port(8080),
    ADMIN_PORT: envVar.port(8081),
    RELAY_METRICS_PORT: envVar.port(8082),
    STRANGLER_ADMIN_TOKEN: envVar.token().optional(),
    PATH: z.string().optional(),
    STRANGLER_CONFIG: envVar.path("./strangler.config.json"),
  })
  .superRefine((env, ctx) => {
    if (env.NATS_URL !== undefined && env.STRANGLER_NATS_CLUSTER !== 1) {
      ctx.addIssue({ code: "custom", path: ["STRANGLER_NATS_CLUSTER"], message: "launches a local cluster, but NATS_URL names servers of yours" });
    }
    if (env.NATS_URL === undefined && env.NATS_REPLICAS !== undefined && env.NATS_REPLICAS > env.STRANGLER_NATS_CLUSTER) {
      ctx.addIssue({ code: "custom", path: ["NATS_REPLICAS"], message: `is ${env.NATS_REPLICAS}, more than the ${env.STRANGLER_NATS_CLUSTER} nats-server(s) npm start launches` });
    }
  })
  .transform((env) => ({
    dataDir: resolve(env.STRANGLER_DATA_DIR),
    natsUrl: env.NATS_URL,
    /** nats-servers `npm start` launches when NATS_URL is unset: 1, or the nodes of a local JetStream cluster. */
    natsClusterNodes: env.STRANGLER_NATS_CLUSTER,
    /** The monolith's PostgreSQL database (every part reads MONOLITH_DATABASE_URL itself), or undefined: monolith.sqlite in the data folder. */
    monolithDatabaseUrl: env.MONOLITH_DATABASE_URL,
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
  MONOLITH_DATABASE_URL: `${envFix.databaseUrl} Unset: the sample shop on monolith.sqlite in STRANGLER_DATA_DIR.`,
  NATS_URL: "unset it to let `npm start` launch its own nats-server, or give e.g. nats://127.0.0.1:4222 (a cluster's servers separated by commas).",
  STRANGLER_NATS_CLUSTER: "set 3 for a local 3-node JetStream cluster, or unset it for one nats-server (default 1); with NATS_URL set, unset it: your servers are used as they are.",
  NATS_REPLICAS: `${envFix.natsReplicas} With npm start's own servers, at most STRANGLER_NATS_CLUSTER.`,
  STRANGLER_ADMIN_TOKEN: `${envFix.token} Or unset it to use the one kept in the data folder.`,
  STRANGLER_CONFIG: envFix.routeTable,
};

/** Reads `npm start`'s settings from `env`; empty variables count as unset (platform/env.ts). */
export function readStackConfig(env: NodeJS.ProcessEnv = process.env): StackConfig {
  return readEnv(schema, env, FIXES);
}
