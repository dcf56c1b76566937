/**
 * `npm run bench:cdc`: end-to-end change-data sync on this machine (real SQLite files, real
 * nats-server, relay and consumer in this process).
 *   1. throughput: 100,000 changes written as fast as possible while relay and consumer run;
 *   2. lag: commit-to-apply p50/p99 at a steady 1,000 changes/s for 10 s.
 * The history checker then proves every change was applied exactly once, in per-row order.
 */
import { rmSync } from "node:fs";
import { startConsumer, startNatsServer, startRelay } from "../../cdc";
import { createLogger } from "../../platform";
import { checkHistory, pipelineFixture, waitUntil, writeItemChanges } from "../../cdc/testing";
import { printTable } from "./print-table";
import { writeSteadily } from "./cdc/steady-writer";

const TOTAL = 100_000;
const STEADY_RATE = 1000;
const STEADY_SECONDS = 10;

const fmt = (value: number) => Math.round(value).toLocaleString("en-US");

async function main(): Promise<void> {
  const nats = await startNatsServer({ searchPath: process.env.PATH });
  const fixture = await pipelineFixture();
  // Warnings (retries, busy database) go to stderr: a clean run prints none.
  const logger = createLogger({ service: "cdc-bench", level: "warn" });
  const relay = await startRelay({ db: fixture.source, url: nats.url, logger });
  const { consumer, stop: stopConsumer } = await startConsumer({ db: fixture.target, url: nats.url, source: "shop", durable: "bench", mapping: fixture.mapping, logger });
  try {
    const started = Date.now();
    await writeItemChanges(fixture.source, { count: TOTAL, keys: 10_000, perTransaction: 500 });
    const written = Date.now();
    await waitUntil(async () => (await relay.relay.status()).backlog === 0, `${TOTAL} changes published`, 600_000);
    const published = Date.now();
    await waitUntil(async () => (await consumer.status()).applied >= TOTAL, `${TOTAL} changes applied`, 600_000);
    const applied = Date.now();
    const throughput = TOTAL / ((applied - started) / 1000);
    const writeRate = TOTAL / ((written - started) / 1000);

    consumer.lagWindow.clear();
    const steady = await writeSteadily(fixture.source, { perSecond: STEADY_RATE, seconds: STEADY_SECONDS, keys: 1000, firstId: 100_000 });
    await waitUntil(async () => (await consumer.status()).applied >= TOTAL + steady, "steady changes applied", 60_000);
    const p50 = consumer.lagWindow.percentile(50) ?? NaN;
    const p99 = consumer.lagWindow.percentile(99) ?? NaN;

    const history = checkHistory(await fixture.sourceChanges(), await fixture.appliedHistory());
    printTable(
      ["measure", "result", "goal"],
      [
        [`end-to-end throughput, ${fmt(TOTAL)} changes`, `${fmt(throughput)} changes/s`, ">= 5,000 changes/s"],
        ["  (source write rate alone)", `${fmt(writeRate)} changes/s`, ""],
        ["  (relay: all published after)", `${((published - started) / 1000).toFixed(1)} s`, ""],
        ["  (consumer: all applied after)", `${((applied - started) / 1000).toFixed(1)} s`, ""],
        [`commit-to-apply lag p50 at ${fmt(STEADY_RATE)}/s for ${STEADY_SECONDS} s`, `${p50} ms`, ""],
        [`commit-to-apply lag p99 at ${fmt(STEADY_RATE)}/s for ${STEADY_SECONDS} s`, `${p99} ms`, "< 200 ms"],
        ["history check (exactly once, per-row order)", history.ok ? `ok (${fmt(TOTAL + steady)} changes)` : `FAILED ${JSON.stringify(history).slice(0, 300)}`, "ok"],
      ],
    );
    if (!history.ok) process.exitCode = 1;
  } finally {
    await stopConsumer();
    await relay.stop();
    const dir = fixture.dir;
    await fixture.close();
    await nats.stop();
    rmSync(nats.storeDir, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
