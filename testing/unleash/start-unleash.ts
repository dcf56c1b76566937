import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createFreshSchema, type PostgresSchema } from "./postgres-schema";
import { ensureUnleashInstalled } from "./unleash-install";

/** The machine's PostgreSQL (trust auth, database `test`), as on CI. */
export const DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/test";

export interface StartUnleashOptions {
  /** PostgreSQL database; each run gets a fresh schema in it. Default {@link DEFAULT_DATABASE_URL}. */
  databaseUrl?: string;
  /** From spawn to `/health` answering; migrations on a fresh schema take most of it. Default 60 s. */
  startTimeoutMs?: number;
}

/** A real Unleash server, started by {@link startUnleash}. */
export interface RunningUnleash {
  /** e.g. `http://127.0.0.1:40123` */
  url: string;
  /** `<url>/api/`: what a proxy takes as `STRANGLER_FLAGS_URL`. */
  apiUrl: string;
  /** Admin API token (`*:*.<secret>`), for creating and changing flags. */
  adminToken: string;
  /** Backend (client) API token of {@link project} in {@link environment}: the proxy's `STRANGLER_FLAGS_TOKEN`. */
  clientToken: string;
  project: string;
  environment: string;
  /** The PostgreSQL schema of this run. */
  schema: string;
  /** Whether the server process still runs. */
  readonly running: boolean;
  /** Stops the server (SIGTERM, then SIGKILL after 5 s) and drops its schema; safe to call twice. */
  stop(): Promise<void>;
  /** Stops the server only, keeping the schema (to test what clients do while Unleash is down). */
  kill(): Promise<void>;
}

const PROJECT = "default";
const ENVIRONMENT = "development";
const STARTED_LINE = /Unleash has started\..*\bport: (\d+)/;

/**
 * Starts unleash-server 7 (from testing/unleash/node_modules, installed on first use) as a child
 * process on a free port of 127.0.0.1, on a fresh PostgreSQL schema, with a random admin token and
 * a random client token for the `default` project's `development` environment; resolves once
 * `/health` answers. Fails (never skips) with what to do when it cannot install or reach PostgreSQL.
 */
export async function startUnleash(options: StartUnleashOptions = {}): Promise<RunningUnleash> {
  const serverEntry = await ensureUnleashInstalled();
  const schema = await createFreshSchema(options.databaseUrl ?? DEFAULT_DATABASE_URL);
  const adminToken = `*:*.${randomBytes(16).toString("hex")}`;
  const clientToken = `${PROJECT}:${ENVIRONMENT}.${randomBytes(16).toString("hex")}`;
  const log: string[] = [];
  const child = spawn(process.execPath, ["--no-deprecation", serverEntry], {
    stdio: ["ignore", "pipe", "pipe"],
    // Only what Unleash needs: no version check or telemetry calls out of this machine.
    env: {
      TZ: "UTC",
      DATABASE_URL: options.databaseUrl ?? DEFAULT_DATABASE_URL,
      DATABASE_SCHEMA: schema.name,
      DATABASE_SSL: "false",
      HTTP_HOST: "127.0.0.1",
      HTTP_PORT: "0",
      LOG_LEVEL: "info",
      CHECK_VERSION: "false",
      SEND_TELEMETRY: "false",
      SCARF_ANALYTICS: "false",
      INIT_ADMIN_API_TOKENS: adminToken,
      INIT_BACKEND_API_TOKENS: clientToken,
    },
  });
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  try {
    const port = await waitForPort(child, log, options.startTimeoutMs ?? 60_000);
    const url = `http://127.0.0.1:${port}`;
    await waitForHealth(url, child, log, options.startTimeoutMs ?? 60_000);
    let stopped: Promise<void> | undefined;
    const kill = () => (stopped ??= terminate(child).finally(() => process.removeListener("exit", killOnExit)));
    return {
      url,
      apiUrl: `${url}/api/`,
      adminToken,
      clientToken,
      project: PROJECT,
      environment: ENVIRONMENT,
      schema: schema.name,
      get running() {
        return child.exitCode === null && child.signalCode === null;
      },
      kill,
      stop: async () => {
        await kill();
        await schema.drop();
      },
    };
  } catch (err) {
    await terminate(child);
    process.removeListener("exit", killOnExit);
    await schema.drop().catch(() => undefined);
    throw err;
  }
}

function waitForPort(child: ChildProcess, log: string[], timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(`did not start within ${timeoutMs} ms`), timeoutMs);
    const onLine = (line: string) => {
      log.push(line);
      if (log.length > 60) log.shift();
      const started = STARTED_LINE.exec(line);
      if (started) {
        clearTimeout(timer);
        child.removeListener("exit", onExit);
        resolve(Number(started[1]));
      }
    };
    const onExit = (code: number | null, signal: string | null) => fail(`exited (${code ?? signal}) before listening`);
    function fail(reason: string) {
      clearTimeout(timer);
      reject(new Error(`unleash-server ${reason}. Its last output:\n${log.join("\n")}`));
    }
    for (const stream of [child.stdout, child.stderr]) {
      let partial = "";
      stream?.on("data", (chunk: Buffer) => {
        const lines = (partial + chunk.toString("utf8")).split("\n");
        partial = lines.pop() ?? "";
        for (const line of lines) onLine(stripColours(line));
      });
    }
    child.once("exit", onExit);
    child.once("error", (err) => fail(`could not be spawned: ${err.message}`));
  });
}

async function waitForHealth(url: string, child: ChildProcess, log: string[], timeoutMs: number): Promise<void> {
  const started = Date.now();
  for (;;) {
    const healthy = await fetch(`${url}/health`).then((res) => res.ok, () => false);
    if (healthy) return;
    if (child.exitCode !== null || Date.now() - started > timeoutMs) {
      throw new Error(`unleash-server at ${url} never reported healthy. Its last output:\n${log.join("\n")}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill("SIGKILL"), 5000);
    child.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

function stripColours(line: string): string {
  // log4js colours its level names.
  return line.replace(/\u001b\[[0-9;]*m/g, "");
}
