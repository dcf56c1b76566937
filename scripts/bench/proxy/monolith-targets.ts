/**
 * The real seeded monolith (`GET /products/1` from SQLite) at its defaults, directly, through our
 * proxy at its defaults (the monolith is its default upstream) and through nginx: the proxy's cost
 * next to a real application's.
 */
import { join } from "node:path";
import { freePort, type TempDir } from "../../../testing";
import { waitReady } from "../../stack/wait-ready";
import { runLogged, runTs } from "./child";
import { startNginx } from "./nginx";
import { cpuMicrosOfProcessTree } from "./proc-cpu";
import { productEnv } from "./product-env";
import { startOurProxy } from "./proxy-process";
import type { Target } from "./target";
import { PATH } from "./targets";

const ROOT = join(__dirname, "../../..");

export async function startMonolithTargets(dir: TempDir, nginxBinary: string | undefined, stops: Array<() => Promise<void>>): Promise<Target[]> {
  const dataDir = dir.file("monolith");
  const seed = runTs(join(ROOT, "scripts/seed/seed-monolith.ts"), [], productEnv({ STRANGLER_DATA_DIR: dataDir }));
  await seed.output();
  if (seed.process.exitCode !== 0) throw new Error(`seeding the monolith failed (exit ${seed.process.exitCode})`);
  const port = await freePort();
  const monolith = runLogged(join(ROOT, "monolith/main.ts"), [], productEnv({ STRANGLER_DATA_DIR: dataDir, MONOLITH_PORT: String(port) }), dir.file("monolith.log"));
  stops.push(() => monolith.stop());
  const monolithUrl = `http://127.0.0.1:${port}`;
  await waitReady(`${monolithUrl}/healthz`, 90_000, monolith.exited).catch((err: Error) => {
    throw new Error(`the monolith did not start (${err.message}):\n${monolith.head().slice(-2000)}`);
  });
  const monolithCpu = () => cpuMicrosOfProcessTree(monolith.process.pid!);

  const proxy = await startOurProxy({
    dir,
    name: "ours-monolith",
    config: {
      upstreams: [{ name: "monolith", url: monolithUrl, default: true }, { name: "catalog", url: "http://127.0.0.1:9" }],
      routes: [{ id: "catalog-products-read", methods: ["GET"], paths: ["/products", "/products/:id"], upstream: "catalog" }],
    },
  });
  stops.push(() => proxy.stop());
  const nginx = nginxBinary ? await startNginx(nginxBinary, dir.file("nginx-monolith"), await freePort(), port) : undefined;
  if (nginx) stops.push(() => nginx.stop());

  return [
    { key: "monolith", label: "monolith directly", url: monolithUrl + PATH, cpu: { self: monolithCpu }, logFile: monolith.logFile },
    { key: "ours-monolith", label: "ours (info) → monolith", url: proxy.url + PATH, baseline: "monolith", cpu: { self: proxy.cpuMicros, upstream: monolithCpu }, logFile: proxy.logFile },
    nginx
      ? { key: "nginx-monolith", label: "nginx → monolith", url: nginx.url + PATH, baseline: "monolith", cpu: { self: () => nginx.cpuMicros(), upstream: monolithCpu } }
      : { key: "nginx-monolith", label: "nginx → monolith", missing: "not installed", cpu: { self: () => 0 } },
  ];
}
