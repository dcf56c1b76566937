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
  const keep = (chunk: Buffer) => {
    log.write(chunk);
    recent = (recent + chunk.toString("utf8")).slice(-4000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  void exited.then(() => log.end());
  return {
    name: deployable.name,
    process: child,
    logFile,
    exited,
    tail: () => recent.trim().split("\n").slice(-8).join("\n"),
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
