/**
 * Flip latency of the proxy with a real Unleash: from the Unleash admin API call returning to the first
 * request the proxy routes the new way, over alternating on/off flips made at random moments, at one
 * or more polling intervals.
 *
 *   npx tsx testing/unleash/measure-flip-latency.ts [--flips 20] [--intervals 1000,500,250]
 */
import { parseArgs } from "node:util";
import { rawRequest, startProxy, startTestUpstream, waitUntil } from "../proxy";
import { tempDir } from "../temp-dir";
import { startUnleash } from "./start-unleash";
import { UnleashAdmin } from "./unleash-admin";

const { values } = parseArgs({ options: { flips: { type: "string", default: "20" }, intervals: { type: "string", default: "1000" } } });
const flips = Number(values.flips);
const intervals = values.intervals.split(",").map(Number);

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

async function main(): Promise<void> {
  const unleash = await startUnleash();
  const [monolith, catalog] = await Promise.all([startTestUpstream("monolith"), startTestUpstream("catalog")]);
  const admin = new UnleashAdmin(unleash);
  const rows: string[] = [];
  try {
    for (const [index, refreshIntervalMs] of intervals.entries()) {
      const flag = `strangler.route.measure-${index}`;
      await admin.createRolloutFlag(flag, 100);
      const dataDir = tempDir("strangler-flip-latency-");
      const proxy = await startProxy({
        config: {
          upstreams: [
            { name: "monolith", url: monolith.url, default: true },
            { name: "catalog", url: catalog.url },
          ],
          routes: [{ id: `measure-${index}`, paths: ["/measured"], upstream: "catalog" }],
          flags: { refreshIntervalMs, readyTimeoutMs: 10_000, requestTimeoutMs: 1000 },
        },
        dataDir: dataDir.path,
        flagsUrl: unleash.apiUrl,
        flagsToken: unleash.clientToken,
        instance: `measure-${index}`,
      });
      const upstream = async () => (await rawRequest(proxy.url, { path: "/measured", headers: { "x-user-id": "u" } })).headers["x-upstream"];
      const latencies: number[] = [];
      try {
        for (let i = 0; i < flips; i++) {
          const on = i % 2 === 0;
          // A random pause, so flips do not phase-lock with Unleash's 1 s revision check and the poll timer.
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 1000));
          await (on ? admin.enable(flag) : admin.disable(flag));
          latencies.push(await waitUntil(async () => (await upstream()) === (on ? "catalog" : "monolith"), 15_000, 5));
          process.stderr.write(".");
        }
      } finally {
        await proxy.close();
        dataDir.remove();
      }
      const sorted = [...latencies].sort((a, b) => a - b);
      rows.push(
        `| ${refreshIntervalMs} ms | ${flips} | ${sorted[0]} ms | ${quantile(sorted, 0.5)} ms | ${quantile(sorted, 0.9)} ms | ${sorted[sorted.length - 1]} ms |`,
      );
    }
  } finally {
    await Promise.all([unleash.stop(), monolith.close(), catalog.close()]);
  }
  process.stderr.write("\n");
  console.log("| proxy polling | flips | min | p50 | p90 | max |\n|---|---|---|---|---|---|\n" + rows.join("\n"));
}

main().catch((err: Error) => {
  console.error(err.message);
  process.exitCode = 1;
});
