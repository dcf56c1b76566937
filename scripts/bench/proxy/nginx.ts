import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cpuMicrosOfProcessTree } from "./proc-cpu";

/** nginx started by the benchmark. */
export interface RunningNginx {
  url: string;
  /** User + system CPU of the master and its worker, in microseconds. */
  cpuMicros(): number;
  stop(): Promise<void>;
}

/** Starts nginx with this folder's nginx.conf on `port`, proxying to `upstreamPort`. */
export async function startNginx(binary: string, prefix: string, port: number, upstreamPort: number): Promise<RunningNginx> {
  mkdirSync(prefix, { recursive: true });
  const conf = readFileSync(join(__dirname, "nginx.conf"), "utf8")
    .replaceAll("{{PREFIX}}", prefix)
    .replaceAll("{{PORT}}", String(port))
    .replaceAll("{{UPSTREAM_PORT}}", String(upstreamPort));
  const confPath = join(prefix, "nginx.conf");
  writeFileSync(confPath, conf);
  const child: ChildProcess = spawn(binary, ["-c", confPath, "-p", prefix], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 5000;
  for (;;) {
    try {
      const res = await fetch(`${url}/`);
      await res.arrayBuffer();
      // Any answer the upstream gave (even its 404 for "/") shows nginx is up and forwarding.
      if (res.status < 500) break;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`nginx did not start: ${stderr.trim()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url,
    cpuMicros: () => cpuMicrosOfProcessTree(child.pid!),
    stop: () =>
      new Promise((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
