import { spawn } from "node:child_process";

/**
 * Runs wrk with a Lua script whose `done` hook prints one line `<marker> <json>`, and resolves with
 * that JSON (the benches' wrk runners: proxy/wrk.ts, busy/wrk.ts). Rejects with wrk's output when it
 * fails or prints no such line.
 */
export function runWrkScript(wrk: string, args: readonly string[], marker: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const child = spawn(wrk, args, { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (out += chunk.toString("utf8")));
    child.once("error", reject);
    child.once("exit", (code) => {
      const line = out.split("\n").find((text) => text.startsWith(`${marker} `));
      if (code !== 0 || !line) return reject(new Error(`wrk ${args.join(" ")} exited with ${code}:\n${out.slice(-2000)}`));
      resolve(JSON.parse(line.slice(marker.length + 1)));
    });
  });
}
