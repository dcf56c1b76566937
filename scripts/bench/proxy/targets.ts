/**
 * Starts every target over the bench's tiny upstream, each in its own process, once for the whole
 * run: the upstream directly, a bare node:http forwarder, @fastify/http-proxy, nginx (optional), and
 * our proxy three times (default log level, LOG_LEVEL=warn, and the same at default level loaded on a
 * route at stage shadow mirroring 100 % to a second upstream process, the candidate).
 */
import { freePort, type TempDir } from "../../../testing";
import { runTs, type Child } from "./child";
import { startNginx } from "./nginx";
import { cpuMicrosOfProcessTree } from "./proc-cpu";
import { BENCH_ADMIN_TOKEN, startOurProxy, type OurProxy } from "./proxy-process";
import type { Target } from "./target";

export const PATH = "/products/1";
export const SHADOWED_PATH = "/shadowed/1";

/** The route table of our three processes: the same file, so only the log level and the path loaded differ. */
export function oursConfig(upstreamUrl: string, candidateUrl: string): unknown {
  return {
    upstreams: [
      { name: "monolith", url: upstreamUrl, default: true },
      { name: "catalog", url: "http://127.0.0.1:9" },
      { name: "candidate", url: candidateUrl },
    ],
    // PATH matches this route; its flag (stage monolith) is evaluated on every request.
    // SHADOWED_PATH matches the second, at stage shadow: every request is also sent to the candidate and both answers diffed.
    routes: [
      { id: "catalog-products-read", methods: ["GET"], paths: ["/products", "/products/:id"], upstream: "catalog" },
      { id: "shadowed", methods: ["GET"], paths: ["/shadowed/:id"], upstream: "candidate", stage: "shadow", shadow: { percent: 100, maxConcurrent: 256 } },
    ],
  };
}

/** Runs one of this folder's servers; its stop goes on `stops` at once (so a failed start is stopped too). */
async function startTs(file: string, args: string[], pattern: RegExp, stops: Array<() => Promise<void>>): Promise<{ child: Child; match: RegExpMatchArray }> {
  const child = runTs(`${__dirname}/${file}`, args);
  stops.push(() => child.stop());
  // Generous: on a loaded machine, loading a library through tsx can take tens of seconds.
  return { child, match: await child.line(pattern, 90_000) };
}

const cpuOf = (child: Child) => () => cpuMicrosOfProcessTree(child.process.pid!);

export interface StartOptions {
  dir: TempDir;
  nginx?: string;
  /** Node flags for our default-level proxies, plain and shadowing (`--cpu-prof …`). */
  profileArgs: string[];
}

/** Starts them all; each started process's stop is pushed on `stops` (also when a later one fails). */
export async function startTargets(options: StartOptions, stops: Array<() => Promise<void>>): Promise<{ targets: Target[]; shadowCounters: () => Promise<unknown>; profiled: Map<number, string> }> {
  const track = <T extends { stop(): Promise<void> }>(started: T): T => (stops.push(() => started.stop()), started);
  const [upstream, candidate] = await Promise.all([startTs("tiny-upstream.ts", [], /listening (\d+)/, stops), startTs("tiny-upstream.ts", [], /listening (\d+)/, stops)]);
  const upstreamPort = upstream.match[1];
  const upstreamUrl = `http://127.0.0.1:${upstreamPort}`;
  const config = oursConfig(upstreamUrl, `http://127.0.0.1:${candidate.match[1]}`);
  const ours = (name: string, logLevel?: string, nodeArgs?: string[]) => startOurProxy({ dir: options.dir, name, config, logLevel, nodeArgs }).then(track);

  const starting = [
    startTs("bare-node-proxy.ts", [upstreamPort], /listening (\S+)/, stops),
    startTs("fastify-proxy.ts", [upstreamPort], /listening (\S+)/, stops),
    ours("ours-info", undefined, options.profileArgs),
    ours("ours-warn", "warn"),
    ours("ours-shadow", undefined, options.profileArgs),
  ] as const;
  // Wait for all of them, so that every one that did start is on `stops` before a failure is thrown.
  const failed = (await Promise.allSettled(starting)).find((result) => result.status === "rejected");
  if (failed) throw failed.reason;
  const [bare, fastify, info, warn, shadow] = await Promise.all(starting);
  const nginx = options.nginx ? track(await startNginx(options.nginx, options.dir.file("nginx"), await freePort(), Number(upstreamPort))) : undefined;

  const up = cpuOf(upstream.child);
  const oursRow = (key: string, label: string, proxy: OurProxy, path = PATH): Target => ({
    key,
    label,
    url: proxy.url + path,
    baseline: "upstream",
    cpu: { self: proxy.cpuMicros, upstream: up, ...(key === "shadow" ? { candidate: cpuOf(candidate.child) } : {}) },
    logFile: proxy.logFile,
  });
  const targets: Target[] = [
    { key: "upstream", label: "upstream directly", url: upstreamUrl + PATH, cpu: { self: up } },
    { key: "bare", label: "bare node:http proxy", url: bare.match[1] + PATH, baseline: "upstream", cpu: { self: cpuOf(bare.child), upstream: up } },
    { key: "fastify", label: "@fastify/http-proxy", url: fastify.match[1] + PATH, baseline: "upstream", cpu: { self: cpuOf(fastify.child), upstream: up } },
    nginx
      ? { key: "nginx", label: "nginx (1 worker)", url: nginx.url + PATH, baseline: "upstream", cpu: { self: () => nginx.cpuMicros(), upstream: up } }
      : { key: "nginx", label: "nginx (1 worker)", missing: "not installed", cpu: { self: () => 0 } },
    oursRow("info", "ours, info (default)", info),
    oursRow("warn", "ours, LOG_LEVEL=warn", warn),
    oursRow("shadow", "ours, 100 % shadow", shadow, SHADOWED_PATH),
  ];
  const shadowCounters = async () => {
    const res = await fetch(`${shadow.adminUrl}/routes/shadowed/shadow-report?limit=1`, { headers: { authorization: `Bearer ${BENCH_ADMIN_TOKEN}` } });
    return ((await res.json()) as { counters: unknown }).counters;
  };
  const profiled = new Map(options.profileArgs.length ? [[info.pid, "ours, info (default)"], [shadow.pid, "ours, 100 % shadow"]] : []);
  return { targets, shadowCounters, profiled };
}
