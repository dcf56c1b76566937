import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, fstatSync, openSync } from "node:fs";
import { join } from "node:path";
import { LogFileLines } from "./log-file-lines";

const ROOT = join(__dirname, "..", "..");
/** The preload that makes a part exit when the process that started it is gone. */
const PARENT_WATCH = join(__dirname, "parent-watch.cjs");

export interface Deployable {
  /** Short name, used for the log file and messages. */
  name: string;
  /** TypeScript entry point, relative to the repository root (a `.js`/`.cjs` one runs without tsx). */
  entry: string;
  env: NodeJS.ProcessEnv;
  /** Arguments after the entry point (none by default). */
  args?: string[];
}

export interface RunningChild {
  name: string;
  process: ChildProcess;
  logFile: string;
  /** The last lines it wrote, for error messages. */
  tail(): string;
  /** Resolves with the exit code when it exits. */
  exited: Promise<number | null>;
  /**
   * Resolves with the first line of its output (from now on, or already written) that `matches`;
   * rejects when it exits first or after `timeoutMs`.
   */
  waitForLine(matches: (line: string) => boolean, timeoutMs: number): Promise<string>;
  stop(): Promise<void>;
}

export interface ChildOptions {
  /**
   * Load `scripts/stack/parent-watch.cjs` first: the process stops (SIGTERM to itself) as soon as
   * the process that started it is gone, even after a SIGKILL. Default false.
   */
  watchParent?: boolean;
  /**
   * Run it as the leader of a process group of its own: a terminal's Ctrl-C reaches only the
   * supervisor (which stops the parts in order), and `stop`/`kill` reach whatever the part started
   * (nats-server under its watcher). Default false.
   */
  ownGroup?: boolean;
  /** How long `stop` waits after SIGTERM before SIGKILL (default 10 s). */
  stopGraceMs?: number;
}

/** How a process ended: its exit code, or the signal that ended it. */
export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A RunningChild with what a supervisor needs. */
export interface PartProcess extends RunningChild {
  pid: number;
  /** Resolves with the exit code and signal when it exits. */
  ended: Promise<ChildExit>;
  /** True once it has exited. */
  readonly hasExited: boolean;
  /** SIGKILL to it (and, with `ownGroup`, to everything in its group); resolves once it exited. */
  kill(): Promise<void>;
}

/**
 * Runs a TypeScript entry point with tsx in its own process; its stdout and stderr ARE
 * `<logDir>/<name>.log` (JSON lines, appended): the part writes its own log, once, and the
 * supervisor only reads back the lines it needs (a ready line, the last lines for error messages).
 */
export function startChild(deployable: Deployable, logDir: string, options: ChildOptions = {}): RunningChild {
  return startPartProcess(deployable, logDir, options);
}

/** `startChild`, with the pid, the exit signal and a hard kill. */
export function startPartProcess(deployable: Deployable, logDir: string, options: ChildOptions = {}): PartProcess {
  const logFile = join(logDir, `${deployable.name}.log`);
  const fd = openSync(logFile, "a", 0o600);
  const lines = new LogFileLines(logFile, fstatSync(fd).size);
  const preload = options.watchParent ? ["--require", PARENT_WATCH] : [];
  const loader = /\.c?js$/.test(deployable.entry) ? [] : ["--import", "tsx"];
  let child: ChildProcess;
  try {
    child = spawn(process.execPath, [...preload, ...loader, join(ROOT, deployable.entry), ...(deployable.args ?? [])], {
      cwd: ROOT,
      env: options.watchParent ? { ...deployable.env, STRANGLER_PARENT_PID: String(process.pid) } : deployable.env,
      stdio: ["ignore", fd, fd],
      detached: options.ownGroup ?? false,
    });
  } finally {
    // The child holds its own copy of the descriptor.
    closeSync(fd);
  }
  let startFailure = "";
  let hasExited = false;
  const ended = new Promise<ChildExit>((resolve) => {
    child.once("exit", (code, signal) => {
      hasExited = true;
      // What the part started and left behind (nats-server under a killed watcher) goes with it.
      if (options.ownGroup && child.pid !== undefined) {
        try {
          process.kill(-child.pid, "SIGKILL");
        } catch {
          // nothing left in its group
        }
      }
      resolve({ code, signal });
    });
    child.once("error", (err) => {
      if (hasExited) return;
      hasExited = true;
      startFailure = `could not be started: ${err.message}`;
      resolve({ code: null, signal: null });
    });
  });
  const exited = ended.then(({ code }) => code);
  const group = options.ownGroup === true;
  const send = (signal: NodeJS.Signals, wholeGroup: boolean) => {
    try {
      if (group && wholeGroup && child.pid !== undefined) process.kill(-child.pid, signal);
      else child.kill(signal);
    } catch {
      // already gone
    }
  };
  return {
    name: deployable.name,
    process: child,
    pid: child.pid ?? -1,
    logFile,
    exited,
    ended,
    get hasExited() {
      return hasExited;
    },
    tail: () => [lines.tail(), startFailure].filter(Boolean).join("\n"),
    waitForLine: (matches, timeoutMs) => lines.waitFor(matches, timeoutMs, exited),
    stop: async () => {
      if (hasExited || child.exitCode !== null || child.signalCode !== null) return;
      // The leader is told to stop (a watcher passes it on); SIGCONT wakes a stopped one to hear it.
      send("SIGTERM", false);
      send("SIGCONT", true);
      const timer = setTimeout(() => send("SIGKILL", true), options.stopGraceMs ?? 10_000);
      await exited;
      clearTimeout(timer);
    },
    kill: async () => {
      if (!hasExited) send("SIGKILL", true);
      await exited;
    },
  };
}
