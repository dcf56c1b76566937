import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { readCatalogConfig } from "../extracted/catalog/config";
import { readOrdersConfig } from "../extracted/orders/config";
import { readConfig as readMonolithConfig } from "../monolith/config";
import { ConfigError } from "../platform";
import { readCliConfig } from "../scripts/cli/config";
import { readRelayConfig } from "../scripts/stack/relay-config";
import { readStackConfig } from "../scripts/stack/config";
import { readTutorialConfig } from "../scripts/tutorial/config";
import { loadProxyConfig } from "../strangler-proxy/config";

// The environment's one rule (platform/env.ts), checked on every deployable's parser: an empty (or
// blank) variable counts as unset, so each port variable takes its documented default, never 0
// ("any free port"); a bad value names the variable and the fix; 0 only where a deployable listens.

const ROOT = join(__dirname, "..");
/** The repository's route table (the proxy reads it with its environment), and a data folder without an admin-token file. */
const BASE = { STRANGLER_CONFIG: join(ROOT, "strangler.config.json"), STRANGLER_DATA_DIR: join(ROOT, ".no-such-strangler-dir") };
const portOf = (url: string) => Number(new URL(url).port);

type Env = Record<string, string>;
interface Parser {
  name: string;
  /** Every port variable the parser reads, with its default. */
  defaults: Record<string, number>;
  /** The port each variable ended up as. */
  ports: (env: Env) => Record<string, number | null>;
  /** 0 ("any free port") is accepted: the deployable listens on the port. */
  anyFree: boolean;
}

const PARSERS: Parser[] = [
  { name: "monolith/config.ts", defaults: { MONOLITH_PORT: 3001 }, anyFree: true, ports: (env) => ({ MONOLITH_PORT: readMonolithConfig(env).port }) },
  { name: "extracted/catalog/config.ts", defaults: { CATALOG_PORT: 3002 }, anyFree: true, ports: (env) => ({ CATALOG_PORT: readCatalogConfig(env).port }) },
  { name: "extracted/orders/config.ts", defaults: { ORDERS_PORT: 3003 }, anyFree: true, ports: (env) => ({ ORDERS_PORT: readOrdersConfig(env).port }) },
  {
    name: "strangler-proxy/config.ts",
    defaults: { PROXY_PORT: 8080, ADMIN_PORT: 8081 },
    anyFree: true,
    ports: (env) => {
      const config = loadProxyConfig({ ...BASE, ...env });
      return { PROXY_PORT: config.proxy.port, ADMIN_PORT: config.admin.port };
    },
  },
  {
    name: "scripts/stack/config.ts",
    defaults: { MONOLITH_PORT: 3001, PROXY_PORT: 8080, ADMIN_PORT: 8081, RELAY_METRICS_PORT: 8082 },
    anyFree: false,
    ports: (env) => {
      const config = readStackConfig({ ...BASE, ...env });
      return { MONOLITH_PORT: config.monolithPort, PROXY_PORT: config.proxyPort, ADMIN_PORT: config.adminPort, RELAY_METRICS_PORT: config.relayMetricsPort };
    },
  },
  { name: "scripts/cli/config.ts", defaults: { ADMIN_PORT: 8081 }, anyFree: false, ports: (env) => ({ ADMIN_PORT: portOf(readCliConfig({ ...BASE, ...env }).adminUrl) }) },
  {
    name: "scripts/tutorial/config.ts",
    defaults: { MONOLITH_PORT: 3001, CATALOG_PORT: 3002, ORDERS_PORT: 3003, PROXY_PORT: 8080, ADMIN_PORT: 8081 },
    anyFree: false,
    ports: (env) => {
      const config = readTutorialConfig({ ...BASE, ...env });
      return {
        MONOLITH_PORT: portOf(config.monolithUrl),
        CATALOG_PORT: portOf(config.catalogUrl),
        ORDERS_PORT: portOf(config.ordersUrl),
        PROXY_PORT: portOf(config.proxyUrl),
        ADMIN_PORT: portOf(config.adminUrl),
      };
    },
  },
];

const cases = PARSERS.flatMap((parser) => Object.entries(parser.defaults).map(([variable, fallback]) => ({ parser, variable, fallback })));

describe("every deployable reads its environment with the one rule (platform/env.ts)", () => {
  it("covers every config.ts of the repository (a new service's too)", () => {
    const ROOT = join(__dirname, "..");
    const configs = [...["monolith", "strangler-proxy", "scripts/stack", "scripts/cli", "scripts/tutorial"].map((dir) => `${dir}/config.ts`), ...readdirSync(join(ROOT, "extracted")).map((service) => `extracted/${service}/config.ts`)].filter((file) => existsSync(join(ROOT, file)));
    expect(PARSERS.map((parser) => parser.name).sort()).toEqual(configs.sort());
  });

  it.each(cases.map((c) => [c.parser.name, c.variable, c.fallback, c.parser]))("%s: %s unset, empty or blank is the default %i", (_name, variable, fallback, parser) => {
    const { ports } = parser as Parser;
    for (const env of [{}, { [variable as string]: "" }, { [variable as string]: "  " }]) expect(ports(env)[variable as string]).toBe(fallback);
  });

  it.each(cases.map((c) => [c.parser.name, c.variable, c.parser]))("%s: a bad %s names the variable and the fix", (_name, variable, parser) => {
    const read = () => (parser as Parser).ports({ [variable as string]: "eighty" });
    expect(read).toThrow(ConfigError);
    expect(read).toThrow(new RegExp(`environment: ${variable}: must be a port number .*\\. Fix: set a port number`));
  });

  it.each(cases.map((c) => [c.parser.name, c.variable, c.parser]))("%s: %s=0 is any free port only for a listener", (_name, variable, parser) => {
    const { ports, anyFree } = parser as Parser;
    if (anyFree) expect(ports({ [variable as string]: "0" })[variable as string]).toBe(0);
    else expect(() => ports({ [variable as string]: "0" })).toThrow(new RegExp(`environment: ${variable}: must be a port number from 1 to 65535`));
  });

  it("the relay process too: an empty RELAY_METRICS_PORT is its default, off", () => {
    expect(readRelayConfig({ NATS_URL: "nats://127.0.0.1:4222", RELAY_METRICS_PORT: "" }).metrics).toBeNull();
  });
});
