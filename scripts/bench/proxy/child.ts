import { spawn, type ChildProcess } from "node:child_process";

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
