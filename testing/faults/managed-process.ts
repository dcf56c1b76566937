import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream } from "node:fs";
import { join } from "node:path";

export const REPO_ROOT = join(__dirname, "..", "..");

export interface ProcessSpec {
  /** Short name: the log file is `<logDir>/<name>.log`, appended to across restarts. */
  name: string;
  /** The command: `["--import", "tsx", "monolith/main.ts"]` is run as `node --import tsx monolith/main.ts`. */
  args: string[];
  env: NodeJS.ProcessEnv;
  logDir: string;
}

/** One run of a process (a restart is a new run). */
export interface ProcessRun {
  readonly name: string;
  readonly pid: number;
  readonly logFile: string;
  /** Resolves with the exit code (or `signal:<name>`) when the process has exited. */
  readonly exited: Promise<string>;
  /** True once it has exited. */
  readonly hasExited: boolean;
  /** Every line it wrote to stdout (in order), stderr lines prefixed with `stderr: `. */
  readonly lines: readonly string[];
  /** Resolves with the first line (already written or from now on) that `matches`; rejects when it exits first or after `timeoutMs`. */
  waitForLine(matches: (line: string) => boolean, timeoutMs: number): Promise<string>;
  /** Called with each stdout line as it arrives (after the earlier ones). */
  onLine(watch: (line: string) => void): void;
  /** The last lines it wrote, for failure messages. */
  tail(lines?: number): string;
  /** SIGKILL to its whole process group (a command that started children loses them too); resolves once it exited. */
  kill9(): Promise<void>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once it exited. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Runs `node <args>` from the repository root in a process group of its own, as a user starts a
 * part from a terminal: stdout and stderr go to its log file (appended across restarts, with a
 * marker line per run) and are kept as lines for watching.
 */
export function runProcess(spec: ProcessSpec): ProcessRun {
  const logFile = join(spec.logDir, `${spec.name}.log`);
  const log = createWriteStream(logFile, { flags: "a" });
  log.write(`\n=== ${new Date().toISOString()} start: node ${spec.args.join(" ")}\n`);
  const child: ChildProcess = spawn(process.execPath, spec.args, { cwd: REPO_ROOT, env: spec.env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  const lines: string[] = [];
  const watchers = new Set<(line: string) => void>();
  let exitedFlag = false;
  const exited = new Promise<string>((resolve) => {
    child.once("close", (code, signal) => {
      exitedFlag = true;
      const how = code !== null ? String(code) : `signal:${signal}`;
      log.end(`=== ${new Date().toISOString()} exit ${how}\n`);
      resolve(how);
    });
    child.once("error", (err) => {
      exitedFlag = true;
      log.end(`=== ${new Date().toISOString()} could not start: ${err.message}\n`);
      resolve(`error:${err.message}`);
    });
  });
  const reader = (prefix: string) => {
    let partial = "";
    return (chunk: Buffer) => {
      if (!log.writableEnded) log.write(chunk);
      const parts = (partial + chunk.toString("utf8")).split("\n");
      partial = parts.pop() ?? "";
      for (const part of parts) {
        const line = prefix + part;
        lines.push(line);
        if (lines.length > 5000) lines.splice(0, 1000);
        for (const watch of watchers) watch(line);
      }
    };
  };
  child.stdout?.on("data", reader(""));
  child.stderr?.on("data", reader("stderr: "));
  const signalGroup = (signal: NodeJS.Signals) => {
    if (exitedFlag || child.pid === undefined) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  return {
    name: spec.name,
    pid: child.pid ?? -1,
    logFile,
    exited,
    get hasExited() {
      return exitedFlag;
    },
    lines,
    onLine: (watch) => {
      watchers.add(watch);
    },
    waitForLine: (matches, timeoutMs) =>
      new Promise<string>((resolve, reject) => {
        const early = lines.find(matches);
        if (early !== undefined) return resolve(early);
        const done = () => {
          watchers.delete(watch);
          clearTimeout(timer);
        };
        const watch = (line: string) => {
          if (!matches(line)) return;
          done();
          resolve(line);
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`${spec.name}: no such line after ${timeoutMs} ms`));
        }, timeoutMs);
        watchers.add(watch);
        void exited.then((how) => {
          if (!watchers.has(watch)) return;
          done();
          reject(new Error(`${spec.name} exited (${how}) before the line came`));
        });
      }),
    tail: (count = 12) => lines.slice(-count).join("\n"),
    kill9: async () => {
      signalGroup("SIGKILL");
      await exited;
    },
    stop: async (graceMs = 10_000) => {
      signalGroup("SIGTERM");
      const timer = setTimeout(() => signalGroup("SIGKILL"), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
