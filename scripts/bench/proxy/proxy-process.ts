/**
 * One strangler proxy instance as a child process of the benchmark. Reads its config from the
 * environment like main.ts, prints `listening <proxyUrl> <adminUrl>`, and answers IPC `cpu`
 * messages with `process.cpuUsage()` so the benchmark measures this process's CPU per request.
 */
import { createLogger } from "../../../platform";
import { loadProxyConfig, startProxyRuntime } from "../../../strangler-proxy";

async function main(): Promise<void> {
  const config = loadProxyConfig(process.env);
  const running = await startProxyRuntime(config, createLogger({ service: "strangler-proxy", level: config.logLevel }));
  process.on("message", (message) => {
    if (message === "cpu") process.send?.({ cpu: process.cpuUsage() });
  });
  process.on("SIGTERM", () => void running.close().then(() => process.exit(0)));
  process.stdout.write(`listening ${running.url} ${running.adminUrl}\n`);
}

void main().catch((err: Error) => {
  process.stderr.write(`${err.message}\n`);
  process.exit(1);
});
