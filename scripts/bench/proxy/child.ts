import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, openSync, readSync } from "node:fs";

/** A TypeScript file of this repo running in its own node process (through tsx). */
export interface Child {
  process: ChildProcess;
  /** Resolves with the first stdout line matching `pattern`. */
  line(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** All of stdout once the process has exited. */
  output(): Promise<string>;
  stop(): Promise<void>;
}

/** Runs `file` with `node --import tsx` (plus `nodeArgs`), with an IPC channel when `ipc` is set. */
export function runTs(file: string, args: string[] = [], env: NodeJS.ProcessEnv = process.env, ipc = false, nodeArgs: string[] = []): Child {
  const child = spawn(process.execPath, [...nodeArgs, "--import", "tsx", file, ...args], {
    env,
    stdio: ipc ? ["ignore", "pipe", "inherit", "ipc"] : ["ignore", "pipe", "inherit"],
  });
  let stdout = "";
  const waiters: Array<() => void> = [];
  child.stdout!.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
    waiters.splice(0).forEach((wake) => wake());
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    process: child,
    line(pattern, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${file}: no line matching ${pattern} within ${timeoutMs} ms`)), timeoutMs);
        const check = () => {
          const match = stdout.match(pattern);
          if (match) {
            clearTimeout(timer);
            resolve(match);
          } else if (child.exitCode !== null) {
            clearTimeout(timer);
            reject(new Error(`${file} exited with ${child.exitCode}`));
          } else {
            waiters.push(check);
            void exited.then(check);
          }
        };
        check();
      });
    },
    output: () => exited.then(() => stdout),
    async stop() {
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        await exited;
      }
    },
  };
}

/** A process whose whole output goes to a log file. */
export interface LoggedChild {
  process: ChildProcess;
  logFile: string;
  /** Resolves when it exits (with its code). */
  exited: Promise<number | null>;
  /** The start of its log (up to 64 KB), for error messages. */
  head(): string;
  stop(): Promise<void>;
}

/**
 * Runs `file` with `node --import tsx` (plus `nodeArgs`) the way `npm start` runs a part: its stdout
 * and stderr ARE `logFile` (opened for appending), so every log line is really formatted and written
 * to a file by the process itself, not sent to a terminal nor discarded.
 */
export function runLogged(file: string, args: string[], env: NodeJS.ProcessEnv, logFile: string, nodeArgs: string[] = []): LoggedChild {
  const fd = openSync(logFile, "a", 0o600);
  let child: ChildProcess;
  try {
    child = spawn(process.execPath, [...nodeArgs, "--import", "tsx", file, ...args], { env, stdio: ["ignore", fd, fd] });
  } finally {
    // The child holds its own copy of the descriptor.
    closeSync(fd);
  }
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return {
    process: child,
    logFile,
    exited,
    head: () => {
      const handle = openSync(logFile, "r");
      try {
        const buffer = Buffer.alloc(64 * 1024);
        return buffer.toString("utf8", 0, readSync(handle, buffer, 0, buffer.length, 0));
      } finally {
        closeSync(handle);
      }
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}
