/**
 * Our proxy as the bench runs it: `strangler-proxy/main.ts`, the entry `npm start` runs, in its own
 * process at the product's defaults (LOG_LEVEL unset, so info and one access log line per request;
 * the embedded flag store; …) apart from what the bench needs: its two ports, its route table, its
 * data folder, its admin token, and LOG_LEVEL only for the row that asks for one. Its stdout and
 * stderr are `<dir>/<name>.log`, as under `npm start`. No IPC: the bench reads its CPU from /proc.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { freePort, type TempDir } from "../../../testing";
import { waitAnswering } from "../../stack/wait-ready";
import { runLogged, type LoggedChild } from "./child";
import { cpuMicrosOfProcessTree } from "./proc-cpu";
import { productEnv } from "./product-env";

export const BENCH_ADMIN_TOKEN = "bench-admin-token-0123456789";

const MAIN = join(__dirname, "../../../strangler-proxy/main.ts");

export interface OurProxy {
  pid: number;
  url: string;
  adminUrl: string;
  logFile: string;
  cpuMicros(): number;
  stop(): Promise<void>;
}

export interface OurProxyOptions {
  dir: TempDir;
  name: string;
  /** The route table (written to `<dir>/<name>.config.json`). */
  config: unknown;
  /** Unset: the product's default (info). */
  logLevel?: string;
  /** Extra node flags (e.g. `--cpu-prof`). */
  nodeArgs?: string[];
}

async function startOnce(options: OurProxyOptions, configPath: string): Promise<{ child: LoggedChild; url: string; adminUrl: string }> {
  const [proxyPort, adminPort] = [await freePort(), await freePort()];
  const env = productEnv({
    PROXY_PORT: String(proxyPort),
    ADMIN_PORT: String(adminPort),
    STRANGLER_CONFIG: configPath,
    STRANGLER_DATA_DIR: options.dir.file(`${options.name}-data`),
    STRANGLER_ADMIN_TOKEN: BENCH_ADMIN_TOKEN,
    ...(options.logLevel ? { LOG_LEVEL: options.logLevel } : {}),
  });
  const child = runLogged(MAIN, [], env, options.dir.file(`${options.name}.log`), options.nodeArgs);
  const url = `http://127.0.0.1:${proxyPort}`;
  try {
    await waitAnswering(`${url}/`, 90_000, child.exited);
  } catch (err) {
    await child.stop();
    throw new Error(`${options.name}: our proxy did not start (${(err as Error).message}):\n${child.head().slice(-2000)}`);
  }
  return { child, url, adminUrl: `http://127.0.0.1:${adminPort}` };
}

/** Starts our proxy and resolves once its proxy port answers (a second try on new ports if the first pair was taken meanwhile). */
export async function startOurProxy(options: OurProxyOptions): Promise<OurProxy> {
  const configPath = options.dir.file(`${options.name}.config.json`);
  writeFileSync(configPath, JSON.stringify(options.config));
  const started = await startOnce(options, configPath).catch((err: Error) => {
    if (!/EADDRINUSE|already in use/i.test(err.message)) throw err;
    return startOnce(options, configPath);
  });
  const { child } = started;
  return {
    pid: child.process.pid!,
    url: started.url,
    adminUrl: started.adminUrl,
    logFile: child.logFile,
    cpuMicros: () => cpuMicrosOfProcessTree(child.process.pid!),
    stop: () => child.stop(),
  };
}
