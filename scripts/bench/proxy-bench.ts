/**
 * `npm run bench:proxy [-- --seconds 4 --connections 16 --flips 40 --profile <dir>]`
 *
 * Side by side in one run: the real monolith (seeded) directly and through the proxy, then, to
 * isolate the proxy's own cost from SQLite's, a tiny upstream directly, through the strangler proxy (a route at stage
 * monolith, and a route at stage shadow mirroring 100% of its requests to a second upstream process
 * and diffing every answer), a bare node:http proxy, and through nginx
 * (when installed): req/s, p50/p99 latency at 1 connection and under load, and the server's CPU time
 * per request. Then the flag flip latency across two proxy instances. Every server and the load
 * generator run in their own processes. `--profile <dir>` writes a V8 CPU profile of the proxy process
 * there (open it in Chrome DevTools) to see where its time goes.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { freePort, tempDir } from "../../testing";
import { runTs, type Child } from "./proxy/child";
import { measureFlipLatency } from "./proxy/flip-latency";
import type { LoadResult } from "./proxy/load-generator";
import { findNginx, startNginx } from "./proxy/nginx";
import { cpuMicrosOfProcessTree } from "./proxy/proc-cpu";

interface Options {
  seconds: number;
  connections: number;
  flips: number;
  profileDir?: string;
}

interface Row {
  target: string;
  single: LoadResult;
  loaded: LoadResult;
  cpuMicrosPerRequest: number;
}

function parseOptions(argv: string[]): Options {
  const value = (name: string, fallback: number) => {
    const at = argv.indexOf(`--${name}`);
    const parsed = at === -1 ? fallback : Number(argv[at + 1]);
    if (!Number.isFinite(parsed) || parsed <= 0) throw new Error(`--${name} needs a positive number`);
    return parsed;
  };
  const profileAt = argv.indexOf("--profile");
  const profileDir = profileAt === -1 ? undefined : argv[profileAt + 1];
  return { seconds: value("seconds", 3), connections: value("connections", 16), flips: value("flips", 40), profileDir };
}

async function load(url: string, connections: number, seconds: number): Promise<LoadResult> {
  const child = runTs(join(__dirname, "proxy/load-generator.ts"), [url, String(connections), String(seconds)]);
  const output = await child.output();
  return JSON.parse(output.trim().split("\n").pop()!) as LoadResult;
}

async function measure(target: string, url: string, cpuMicros: () => Promise<number> | number, options: Options): Promise<Row> {
  await load(url, options.connections, 1);
  const single = await load(url, 1, options.seconds);
  const before = await cpuMicros();
  const loaded = await load(url, options.connections, options.seconds);
  const after = await cpuMicros();
  return { target, single, loaded, cpuMicrosPerRequest: (after - before) / Math.max(1, loaded.requests) };
}

/** The shadowed route's counters from the proxy's admin API (every mirrored request should be compared, none skipped). */
async function shadowCounters(adminUrl: string): Promise<unknown> {
  const res = await fetch(`${adminUrl}/routes/shadowed/shadow-report?limit=1`, { headers: { authorization: "Bearer bench-admin-token-0123456789" } });
  const body = (await res.json()) as { counters: unknown };
  return body.counters;
}

function proxyCpu(child: Child): () => Promise<number> {
  return () =>
    new Promise((resolve) => {
      child.process.once("message", (message: { cpu: { user: number; system: number } }) => resolve(message.cpu.user + message.cpu.system));
      child.process.send!("cpu");
    });
}

const ms = (value: number) => value.toFixed(3).padStart(9);
const quantile = (values: number[], q: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))];

function printTable(rows: Row[], options: Options): void {
  const direct = rows[0];
  console.log(`\nProxy benchmark: ${options.seconds}s per run; latency at 1 connection, throughput at ${options.connections} connections`);
  console.log("target              | 1 conn p50 ms | 1 conn p99 ms | added p50 ms | req/s (loaded) | loaded p50 ms | loaded p99 ms | server CPU µs/req");
  console.log("--------------------|---------------|---------------|--------------|----------------|---------------|---------------|------------------");
  for (const row of rows) {
    const base = row.target.endsWith("→ monolith") ? rows.find((r) => r.target === "monolith directly")! : direct;
    const added = row === direct || row.target === "monolith directly" ? "        -" : ms(row.single.p50Ms - base.single.p50Ms);
    console.log(
      `${row.target.padEnd(20)}|    ${ms(row.single.p50Ms)}  |    ${ms(row.single.p99Ms)}  |    ${added} | ${row.loaded.rps.toFixed(0).padStart(14)} |    ${ms(row.loaded.p50Ms)}  |    ${ms(row.loaded.p99Ms)}  | ${row.cpuMicrosPerRequest.toFixed(1).padStart(10)}`,
    );
  }
  const proxy = rows.find((r) => r.target.startsWith("strangler-proxy"));
  const nginx = rows.find((r) => r.target.startsWith("nginx"));
  if (proxy && nginx) {
    console.log(`\nstrangler-proxy CPU per request = ${(proxy.cpuMicrosPerRequest / nginx.cpuMicrosPerRequest).toFixed(1)}x nginx's (goal: within 2x)`);
  }
  const bare = rows.find((r) => r.target.startsWith("bare"));
  if (proxy && bare) {
    console.log(`bare node:http proxy (no express, no routing, no flags) = ${bare.cpuMicrosPerRequest.toFixed(1)} µs/req: the floor of any Node proxy here`);
  }
  if (proxy) console.log(`strangler-proxy added p50 latency at 1 connection = ${(proxy.single.p50Ms - direct.single.p50Ms).toFixed(3)} ms (goal: under 0.5 ms)`);
}

/** Starts a proxy process on `config` and returns it with its proxy and admin URLs. */
async function startProxyProcess(dir: ReturnType<typeof tempDir>, name: string, config: unknown, options: Options): Promise<{ child: Child; proxyUrl: string; adminUrl: string }> {
  const configPath = dir.file(`${name}.config.json`);
  writeFileSync(configPath, JSON.stringify(config));
  const child = runTs(
    join(__dirname, "proxy/proxy-process.ts"),
    [],
    {
      ...process.env,
      PROXY_PORT: "0",
      ADMIN_PORT: "0",
      STRANGLER_CONFIG: configPath,
      STRANGLER_DATA_DIR: dir.file(`${name}-data`),
      STRANGLER_ADMIN_TOKEN: "bench-admin-token-0123456789",
      STRANGLER_FLAGS_URL: "",
      LOG_LEVEL: "warn",
    },
    true,
    options.profileDir ? ["--cpu-prof", `--cpu-prof-dir=${options.profileDir}`] : [],
  );
  const [, proxyUrl, adminUrl] = await child.line(/listening (\S+) (\S+)/);
  return { child, proxyUrl, adminUrl };
}

/** The real seeded monolith (SQLite behind it) directly and through a proxy whose default upstream it is. */
async function monolithRows(dir: ReturnType<typeof tempDir>, options: Options, children: Child[]): Promise<{ rows: Row[]; port: number }> {
  const env = { ...process.env, STRANGLER_DATA_DIR: dir.file("monolith"), MONOLITH_PORT: "0", LOG_LEVEL: "warn" };
  await runTs(join(__dirname, "../seed/seed-monolith.ts"), [], env).output();
  const monolith = runTs(join(__dirname, "../../monolith/main.ts"), [], { ...env, LOG_LEVEL: "info" });
  children.push(monolith);
  const monolithUrl = (await monolith.line(/"url":"(http[^"]+)"/))[1];
  const proxy = await startProxyProcess(dir, "monolith-proxy", {
    upstreams: [{ name: "monolith", url: monolithUrl, default: true }, { name: "catalog", url: "http://127.0.0.1:9" }],
    routes: [{ id: "catalog-products-read", methods: ["GET"], paths: ["/products", "/products/:id"], upstream: "catalog" }],
  }, options);
  children.push(proxy.child);
  const path = "/products/1";
  const rows = [
    await measure("monolith directly", monolithUrl + path, () => cpuMicrosOfProcessTree(monolith.process.pid!), options),
    await measure("proxy → monolith", proxy.proxyUrl + path, proxyCpu(proxy.child), options),
  ];
  return { rows, port: Number(new URL(monolithUrl).port) };
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const dir = tempDir("proxy-bench-");
  const children: Child[] = [];
  const stops: Array<() => Promise<void>> = [];
  try {
    const upstream = runTs(join(__dirname, "proxy/tiny-upstream.ts"));
    children.push(upstream);
    const upstreamPort = Number((await upstream.line(/listening (\d+)/))[1]);
    const upstreamUrl = `http://127.0.0.1:${upstreamPort}`;
    // The shadowed route's service: another tiny upstream in its own process, answering the same body.
    const candidate = runTs(join(__dirname, "proxy/tiny-upstream.ts"));
    children.push(candidate);
    const candidatePort = Number((await candidate.line(/listening (\d+)/))[1]);

    const { child: proxy, proxyUrl, adminUrl } = await startProxyProcess(
      dir,
      "proxy",
      {
        upstreams: [
          { name: "monolith", url: upstreamUrl, default: true },
          { name: "catalog", url: "http://127.0.0.1:9" },
          { name: "candidate", url: `http://127.0.0.1:${candidatePort}` },
        ],
        // The benchmarked path matches this route; its flag (stage monolith) is evaluated on every request.
        // `/shadowed/:id` is at stage shadow: every request is mirrored to the candidate and diffed.
        routes: [
          { id: "catalog-products-read", methods: ["GET"], paths: ["/products", "/products/:id"], upstream: "catalog" },
          { id: "shadowed", methods: ["GET"], paths: ["/shadowed/:id"], upstream: "candidate", stage: "shadow", shadow: { percent: 100, maxConcurrent: 256 } },
        ],
      },
      options,
    );
    children.push(proxy);

    const rows: Row[] = [];
    const path = "/products/1";
    rows.push(await measure("upstream directly", upstreamUrl + path, () => cpuMicrosOfProcessTree(upstream.process.pid!), options));
    rows.push(await measure("strangler-proxy", proxyUrl + path, proxyCpu(proxy), options));
    rows.push(await measure("proxy, 100% shadow", `${proxyUrl}/shadowed/1`, proxyCpu(proxy), options));
    const shadowReport = await shadowCounters(adminUrl);

    const bare = runTs(join(__dirname, "proxy/bare-node-proxy.ts"), [String(upstreamPort)], process.env, true);
    children.push(bare);
    const bareUrl = (await bare.line(/listening (\S+)/))[1];
    rows.push(await measure("bare node:http proxy", bareUrl + path, proxyCpu(bare), options));

    const real = await monolithRows(dir, options, children);
    rows.push(...real.rows);

    const nginxBinary = findNginx();
    if (nginxBinary) {
      const nginx = await startNginx(nginxBinary, dir.file("nginx"), await freePort(), upstreamPort);
      stops.push(() => nginx.stop());
      rows.push(await measure("nginx (1 worker)", nginx.url + path, () => nginx.cpuMicros(), options));
      const nginxToMonolith = await startNginx(nginxBinary, dir.file("nginx-monolith"), await freePort(), real.port);
      stops.push(() => nginxToMonolith.stop());
      rows.push(await measure("nginx → monolith", nginxToMonolith.url + path, () => nginxToMonolith.cpuMicros(), options));
    }
    printTable(rows, options);
    const shadowRow = rows.find((r) => r.target.includes("shadow"))!;
    const plainRow = rows.find((r) => r.target === "strangler-proxy")!;
    console.log(
      `100% shadow vs no shadow: ${((shadowRow.loaded.rps / plainRow.loaded.rps) * 100).toFixed(0)}% of the throughput, ` +
        `${(shadowRow.cpuMicrosPerRequest - plainRow.cpuMicrosPerRequest).toFixed(1)} µs more proxy CPU per request (the copy, both captures and the diff); ` +
        `shadow outcomes: ${JSON.stringify(shadowReport)}`,
    );
    if (!nginxBinary) console.log("nginx: not installed, skipped (apt-get install -y nginx to compare)");

    for (const stop of stops.splice(0)) await stop();
    for (const child of children.splice(0)) await child.stop();

    const flips = await measureFlipLatency(options.flips);
    console.log(`\nFlag flip latency (${flips.flips} flips, admin call returned → first request routed the new way; embedded store, streaming):`);
    for (const [name, values] of [["hosting instance", flips.host], ["reading instance", flips.reader]] as const) {
      console.log(`  ${name.padEnd(17)} p50 ${quantile(values, 0.5).toFixed(1)} ms   p99 ${quantile(values, 0.99).toFixed(1)} ms   max ${Math.max(...values).toFixed(1)} ms`);
    }
  } finally {
    for (const stop of stops) await stop().catch(() => undefined);
    for (const child of children) await child.stop().catch(() => undefined);
    dir.remove();
  }
}

main().catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});
