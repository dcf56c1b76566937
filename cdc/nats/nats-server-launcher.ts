import { spawn, type ChildProcess } from "node:child_process";
import { accessSync, constants, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { CDC_ERROR_CODES, CdcError } from "../core/errors";

export interface NatsServerOptions {
  /**
   * JetStream store folder. When omitted, a fresh temp folder that `stop()` deletes (`kill9()`
   * keeps it). Pass a folder to keep the data, and to restart on the same data after a kill.
   */
  storeDir?: string;
  /** Client port; a free one is picked when omitted. */
  port?: number;
  /** Path of the nats-server binary; searched for when omitted. */
  binary?: string;
  /** PATH-style list of folders searched first (callers pass their PATH); then /usr/sbin, /usr/local/bin, /usr/bin. */
  searchPath?: string;
  /** Readiness wait (default 10 s). */
  readyTimeoutMs?: number;
}

export interface RunningNatsServer {
  url: string;
  port: number;
  storeDir: string;
  /** Graceful stop (SIGTERM), resolves when the process has exited; deletes a store it created. */
  stop(): Promise<void>;
  /** Hard kill (SIGKILL), resolves when the process has exited; the store stays for a restart. */
  kill9(): Promise<void>;
}

const EXTRA_LOCATIONS = ["/usr/sbin", "/usr/local/bin", "/usr/bin", "/usr/local/sbin"];
const LISTENING = /Listening for client connections on [^\s:]+:(\d+)/;
const READY = /Server is ready/;

/** Finds the nats-server binary or throws CDC_ERR_NATS_SERVER_MISSING naming the package to install. */
export function findNatsServer(searchPath = "", binary?: string): string {
  const candidates = binary ? [binary] : [...new Set([...searchPath.split(delimiter).filter(Boolean), ...EXTRA_LOCATIONS])].map((dir) => join(dir, "nats-server"));
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not there: try the next location
    }
  }
  throw new CdcError(
    CDC_ERROR_CODES.natsServerMissing,
    `nats-server was not found (looked at ${candidates.join(", ")}). Install the Debian package nats-server (apt-get install -y nats-server), or set NATS_URL to a running server.`,
  );
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

/**
 * Starts `nats-server -a 127.0.0.1 -p <port|-1> -js -sd <storeDir>` and resolves once it accepts
 * clients (the port is read from its log line). Used by tests, benchmarks and `npm start`.
 */
export async function startNatsServer(options: NatsServerOptions = {}): Promise<RunningNatsServer> {
  const binary = findNatsServer(options.searchPath, options.binary);
  const ownsStore = options.storeDir === undefined;
  const storeDir = options.storeDir ?? mkdtempSync(join(tmpdir(), "strangler-nats-"));
  const args = ["-a", "127.0.0.1", "-p", String(options.port ?? -1), "-js", "-sd", storeDir];
  const child = spawn(binary, args, { stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  const port = await new Promise<number>((resolve, reject) => {
    let found: number | null = null;
    const timer = setTimeout(() => fail(`did not become ready within ${options.readyTimeoutMs ?? 10_000} ms`), options.readyTimeoutMs ?? 10_000);
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      if (ownsStore) rmSync(storeDir, { recursive: true, force: true });
      reject(new CdcError(CDC_ERROR_CODES.natsServerStart, `nats-server ${why}. Its output:\n${log.slice(-2000)}`));
    };
    const onData = (chunk: Buffer) => {
      log += chunk.toString("utf8");
      found ??= Number(LISTENING.exec(log)?.[1] ?? NaN) || null;
      if (found !== null && READY.test(log)) {
        clearTimeout(timer);
        child.stdout?.off("data", onData);
        child.stderr?.off("data", onData);
        resolve(found);
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("error", (err) => fail(`could not be started (${err.message})`));
    child.once("exit", (code, signal) => fail(`exited during start (code ${code}, signal ${signal})`));
  });
  // Keep draining its output so a chatty server never blocks on a full pipe.
  child.stdout?.resume();
  child.stderr?.resume();
  child.removeAllListeners("exit");
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    storeDir,
    stop: async () => {
      child.kill("SIGTERM");
      await exited(child);
      if (ownsStore) rmSync(storeDir, { recursive: true, force: true });
    },
    kill9: async () => {
      child.kill("SIGKILL");
      await exited(child);
    },
  };
}
