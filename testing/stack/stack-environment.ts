import { join } from "node:path";
import { stackServices } from "../../scripts/stack/stack-services";
import { freePort } from "../free-port";

/** The ports a test's own `npm start` listens on. */
export interface StackPorts {
  monolith: number;
  catalog: number;
  proxy: number;
  admin: number;
  relayMetrics: number;
  /** Every extracted service's port by its port variable (found by manifest, as `npm start` finds them). */
  services: Record<string, number>;
}

/**
 * The environment for running the real `npm start` in a test: the data folder, every listener on a
 * free port (two e2e tests may run stacks side by side), no broker, token or route table inherited
 * from the caller's shell, and `LOG_LEVEL=warn` so the stack's own output stays short.
 */
export async function stackEnvironment(dataDir: string): Promise<{ env: NodeJS.ProcessEnv; ports: StackPorts }> {
  const ports: StackPorts = { monolith: await freePort(), catalog: await freePort(), proxy: await freePort(), admin: await freePort(), relayMetrics: await freePort(), services: {} };
  for (const { manifest } of stackServices(join(__dirname, "..", ".."))) ports.services[manifest.portVariable] = manifest.portVariable === "CATALOG_PORT" ? ports.catalog : await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    STRANGLER_DATA_DIR: dataDir,
    MONOLITH_PORT: String(ports.monolith),
    CATALOG_PORT: String(ports.catalog),
    PROXY_PORT: String(ports.proxy),
    ADMIN_PORT: String(ports.admin),
    RELAY_METRICS_PORT: String(ports.relayMetrics),
    ...Object.fromEntries(Object.entries(ports.services).map(([variable, port]) => [variable, String(port)])),
    LOG_LEVEL: "warn",
  };
  for (const inherited of ["NATS_URL", "STRANGLER_ADMIN_TOKEN", "STRANGLER_ADMIN_URL", "STRANGLER_CONFIG"]) delete env[inherited];
  return { env, ports };
}
