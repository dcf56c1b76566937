import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream } from "node:fs";
import { join } from "node:path";

const ROOT = join(__dirname, "..", "..");

export interface Deployable {
  /** Short name, used for the log file and messages. */
  name: string;
  /** TypeScript entry point, relative to the repository root. */
  entry: string;
  env: NodeJS.ProcessEnv;
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

/**
 * Runs a TypeScript entry point with tsx in its own process; stdout and stderr go to
 * `<logDir>/<name>.log` (JSON lines), the last lines are kept for error messages.
 */
export function startChild(deployable: Deployable, logDir: string): RunningChild {
  const logFile = join(logDir, `${deployable.name}.log`);
  const log = createWriteStream(logFile, { flags: "a" });
  const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, deployable.entry)], {
    cwd: ROOT,
    env: deployable.env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let recent = "";
  /** The first lines written (for waitForLine called late), and who waits for a line. */
  const seen: string[] = [];
  const lineWatchers = new Set<(line: string) => void>();
  const keep = () => {
    let partial = "";
    return (chunk: Buffer) => {
      log.write(chunk);
      const text = chunk.toString("utf8");
      recent = (recent + text).slice(-4000);
      const lines = (partial + text).split("\n");
      partial = lines.pop() ?? "";
      for (const line of lines) {
        if (seen.length < 200) seen.push(line);
        for (const watch of lineWatchers) watch(line);
      }
    };
  };
  child.stdout?.on("data", keep());
  child.stderr?.on("data", keep());
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  void exited.then(() => log.end());
  return {
    name: deployable.name,
    process: child,
    logFile,
    exited,
    tail: () => recent.trim().split("\n").slice(-8).join("\n"),
    waitForLine: (matches, timeoutMs) =>
      new Promise<string>((resolve, reject) => {
        const early = seen.find(matches);
        if (early !== undefined) return resolve(early);
        const done = () => {
          lineWatchers.delete(watch);
          clearTimeout(timer);
        };
        const watch = (line: string) => {
          if (!matches(line)) return;
          done();
          resolve(line);
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`no such line after ${timeoutMs} ms`));
        }, timeoutMs);
        lineWatchers.add(watch);
        void exited.then((code) => {
          if (!lineWatchers.has(watch)) return;
          done();
          reject(new Error(`it exited (code ${code})`));
        });
      }),
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
