/**
 * Interleaved rounds: every round loads every target once, in an order rotated from round to round
 * (so no target always runs first, last, or after the same neighbour), and each target's numbers are
 * a sample per round. Per target and round: a 1-connection run (latency), then a loaded run with the
 * CPU of every process involved read from /proc before and after it.
 */
import { closeSync, openSync, readSync, statSync } from "node:fs";
import { loadavg } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import type { Target } from "./target";
import { runWrk, type Load, type WrkResult } from "./wrk";

/** CPU per request (µs) of each process during one loaded run. */
export interface CpuPerRequest {
  self: number;
  upstream?: number;
  candidate?: number;
  /** The load generator. */
  wrk: number;
}

export interface Sample {
  round: number;
  single: WrkResult;
  loaded: WrkResult;
  cpu: CpuPerRequest;
  /** Lines the target's log file grew by per request of the loaded run, when it has one. */
  logLinesPerRequest?: number;
  logBytesPerRequest?: number;
}

export interface RoundOptions {
  wrk: string;
  rounds: number;
  loaded: Load;
  single: Load;
  warmupSeconds: number;
}

const sizeOf = (file: string) => statSync(file).size;

function newlinesBetween(file: string, from: number, to: number): number {
  const fd = openSync(file, "r");
  const buffer = Buffer.alloc(1 << 20);
  let lines = 0;
  try {
    for (let at = from; at < to; ) {
      const read = readSync(fd, buffer, 0, Math.min(buffer.length, to - at), at);
      if (read <= 0) break;
      for (let i = 0; i < read; i++) if (buffer[i] === 10) lines++;
      at += read;
    }
  } finally {
    closeSync(fd);
  }
  return lines;
}

type Readers = Array<["self" | "upstream" | "candidate", () => number]>;

async function measure(target: Target, round: number, options: RoundOptions): Promise<Sample> {
  const url = target.url!;
  const single = await runWrk(options.wrk, url, options.single);
  const readers: Readers = [["self", target.cpu.self]];
  if (target.cpu.upstream) readers.push(["upstream", target.cpu.upstream]);
  if (target.cpu.candidate) readers.push(["candidate", target.cpu.candidate]);
  const logBefore = target.logFile ? sizeOf(target.logFile) : 0;
  const before = readers.map(([, read]) => read());
  const loaded = await runWrk(options.wrk, url, options.loaded);
  // Let the work that follows the last answers (closing wrk's connections) finish: it belongs to the run.
  await sleep(100);
  const after = readers.map(([, read]) => read());
  const requests = Math.max(1, loaded.requests);
  const cpu: CpuPerRequest = { self: 0, wrk: loaded.wrkCpuMicros / requests };
  readers.forEach(([role], i) => (cpu[role] = (after[i] - before[i]) / requests));
  const sample: Sample = { round, single, loaded, cpu };
  if (target.logFile) {
    const logAfter = sizeOf(target.logFile);
    sample.logBytesPerRequest = (logAfter - logBefore) / requests;
    sample.logLinesPerRequest = newlinesBetween(target.logFile, logBefore, logAfter) / requests;
  }
  return sample;
}

/** The targets in round `round`'s order: rotated by an even share of the list each round. */
export function orderOf<T>(items: T[], round: number, rounds: number): T[] {
  const offset = Math.floor((round * items.length) / Math.max(1, rounds)) % Math.max(1, items.length);
  return [...items.slice(offset), ...items.slice(0, offset)];
}

/** Runs the rounds; `progress` gets one line per round. Returns the samples per target key, in round order. */
export async function runRounds(targets: Target[], options: RoundOptions, progress: (line: string) => void): Promise<Map<string, Sample[]>> {
  const live = targets.filter((t) => t.url);
  for (const target of live) await runWrk(options.wrk, target.url!, { ...options.loaded, seconds: options.warmupSeconds });
  const samples = new Map<string, Sample[]>(live.map((t) => [t.key, []]));
  for (let round = 0; round < options.rounds; round++) {
    const started = Date.now();
    const order = orderOf(live, round, options.rounds);
    for (const target of order) samples.get(target.key)!.push(await measure(target, round, options));
    const cells = order.map((t) => `${t.key} ${samples.get(t.key)![round].cpu.self.toFixed(0)}`);
    progress(`round ${round + 1}/${options.rounds} (${((Date.now() - started) / 1000).toFixed(0)} s, load avg ${loadavg()[0].toFixed(1)}), in this order, CPU µs/req: ${cells.join(" · ")}`);
  }
  for (const list of samples.values()) list.sort((a, b) => a.round - b.round);
  return samples;
}
