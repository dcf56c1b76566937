import { accessSync, constants, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { CDC_ERROR_CODES, CdcError } from "../core/errors";
import { spawnNatsServer } from "./nats-server-process";

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

/**
 * The command line of a lone nats-server with JetStream on 127.0.0.1: `port` -1 lets it pick a
 * free one (it logs which). `npm start` runs the same (scripts/stack/start.ts).
 */
export function natsServerArgs(options: { port: number; storeDir: string }): string[] {
  return ["-a", "127.0.0.1", "-p", String(options.port), "-js", "-sd", options.storeDir];
}

/**
 * Starts `nats-server -a 127.0.0.1 -p <port|-1> -js -sd <storeDir>` and resolves once it accepts
 * clients (the port is read from its log line). Used by tests, benchmarks and `npm start`.
 */
export async function startNatsServer(options: NatsServerOptions = {}): Promise<RunningNatsServer> {
  const binary = findNatsServer(options.searchPath, options.binary);
  const ownsStore = options.storeDir === undefined;
  const storeDir = options.storeDir ?? mkdtempSync(join(tmpdir(), "strangler-nats-"));
  let server;
  try {
    server = await spawnNatsServer(binary, natsServerArgs({ port: options.port ?? -1, storeDir }), options.readyTimeoutMs ?? 10_000);
  } catch (err) {
    if (ownsStore) rmSync(storeDir, { recursive: true, force: true });
    throw err;
  }
  const running = server;
  return {
    url: `nats://127.0.0.1:${running.port}`,
    port: running.port,
    storeDir,
    stop: async () => {
      await running.stop();
      if (ownsStore) rmSync(storeDir, { recursive: true, force: true });
    },
    kill9: () => running.kill9(),
  };
}
