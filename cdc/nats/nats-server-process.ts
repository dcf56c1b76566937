import { spawn, type ChildProcess } from "node:child_process";
import { CDC_ERROR_CODES, CdcError } from "../core/errors";

/** The client port nats-server reports once it listens (`-p -1` / `port: -1` lets it pick a free one). */
const LISTENING = /Listening for client connections on [^\s:]+:(\d+)/;
const READY = /Server is ready/;
/** How much of its output is kept for error messages. */
const KEPT_OUTPUT = 4000;

/** One nats-server process, started and accepting clients. */
export interface NatsServerProcess {
  /** The client port it listens on. */
  port: number;
  /** True once the process has exited (stopped, killed, or by itself). */
  readonly hasExited: boolean;
  /** Resolves when the process has exited. */
  readonly exited: Promise<void>;
  /** Its last output lines, for error messages. */
  output(): string;
  /** SIGTERM, resolves when it has exited. */
  stop(): Promise<void>;
  /** SIGKILL, resolves when it has exited. */
  kill9(): Promise<void>;
}

/**
 * Runs `binary args…` (nats-server) and resolves once it logs its client port and "Server is
 * ready". Rejects with CDC_ERR_NATS_SERVER_START and its output when it exits first or is not ready
 * within `readyTimeoutMs` (it is killed then). One way to start nats-server, for a lone server and
 * for each node of a cluster alike.
 */
export function spawnNatsServer(binary: string, args: readonly string[], readyTimeoutMs: number): Promise<NatsServerProcess> {
  const child = spawn(binary, args, { stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return new Promise<NatsServerProcess>((resolve, reject) => {
    let found: number | null = null;
    let ready = false;
    const timer = setTimeout(() => fail(`did not become ready within ${readyTimeoutMs} ms`), readyTimeoutMs);
    const fail = (why: string) => {
      if (ready) return;
      ready = true;
      clearTimeout(timer);
      const error = () => new CdcError(CDC_ERROR_CODES.natsServerStart, `nats-server ${why}. Its output:\n${log.slice(-2000)}`);
      // Rejected once the process is gone, so the caller may delete its store; a binary that could not be spawned has no process.
      if (child.pid === undefined) return reject(error());
      child.kill("SIGKILL");
      void exited.then(() => reject(error()));
    };
    // Keeps reading its output all its life: a chatty server never blocks on a full pipe.
    const onData = (chunk: Buffer) => {
      log = (log + chunk.toString("utf8")).slice(-KEPT_OUTPUT * 4);
      if (ready) return;
      found ??= Number(LISTENING.exec(log)?.[1] ?? NaN) || null;
      if (found === null || !READY.test(log)) return;
      ready = true;
      clearTimeout(timer);
      resolve(runningProcess(child, found, exited, () => log.slice(-KEPT_OUTPUT)));
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("error", (err) => fail(`could not be started (${err.message})`));
    child.once("exit", (code, signal) => fail(`exited during start (code ${code}, signal ${signal})`));
  });
}

function runningProcess(child: ChildProcess, port: number, exited: Promise<void>, output: () => string): NatsServerProcess {
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  const signal = async (name: NodeJS.Signals) => {
    if (!gone()) child.kill(name);
    await exited;
  };
  return {
    port,
    get hasExited() {
      return gone();
    },
    exited,
    output,
    stop: () => signal("SIGTERM"),
    kill9: () => signal("SIGKILL"),
  };
}
