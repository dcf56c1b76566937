/** Prints the bench's tables (medians and min–max over the rounds), the goals as ratios, and the closing line. */
import { printTable } from "../print-table";
import type { Sample } from "./rounds";
import { formatSpread, spread, type Spread } from "./stats";
import type { Target } from "./target";

type Samples = Map<string, Sample[]>;

const over = (samples: Sample[] | undefined, pick: (s: Sample) => number | undefined): Spread => spread((samples ?? []).map((s) => pick(s) ?? NaN));

/** `pick(target's sample, its baseline's sample)` per round. */
function perRound(samples: Samples, key: string, other: string, pick: (a: Sample, b: Sample) => number): Spread {
  const a = samples.get(key) ?? [];
  const b = samples.get(other) ?? [];
  return spread(a.map((s, i) => (b[i] ? pick(s, b[i]) : NaN)));
}

const addedP50 = (samples: Samples, target: Target) => (target.baseline ? perRound(samples, target.key, target.baseline, (a, b) => a.single.p50Ms - b.single.p50Ms) : undefined);

/** The main table: one row per target. */
export function printTargets(targets: Target[], samples: Samples): void {
  const rows = targets.map((target) => {
    const list = samples.get(target.key);
    if (!list) return [target.label, target.missing ?? "–", "", "", "", ""];
    const added = addedP50(samples, target);
    return [
      target.label,
      formatSpread(over(list, (s) => s.cpu.self), 0),
      formatSpread(over(list, (s) => s.loaded.rps), 0),
      formatSpread(over(list, (s) => s.single.p50Ms), 2),
      formatSpread(over(list, (s) => s.single.p99Ms), 2),
      added ? formatSpread(added, 2) : "–",
    ];
  });
  printTable(["target", "CPU µs/req (its process)", "req/s (loaded)", "1-conn p50 ms", "1-conn p99 ms", "added p50 ms"], rows);
}

/** Every process's CPU per request in the loaded runs (medians), and what each log file grew by. */
export function printProcesses(targets: Target[], samples: Samples): void {
  const cell = (list: Sample[], pick: (s: Sample) => number | undefined, digits = 0) => {
    const s = over(list, pick);
    return Number.isFinite(s.median) ? s.median.toFixed(digits) : "–";
  };
  const rows = targets
    .filter((t) => samples.has(t.key))
    .map((target) => {
      const list = samples.get(target.key)!;
      return [
        target.label,
        cell(list, (s) => s.cpu.self),
        cell(list, (s) => s.cpu.upstream),
        cell(list, (s) => s.cpu.candidate),
        cell(list, (s) => s.cpu.wrk),
        cell(list, (s) => s.logLinesPerRequest, 2),
        cell(list, (s) => s.logBytesPerRequest),
        String(list.reduce((sum, s) => sum + s.loaded.errors + s.single.errors, 0)),
      ];
    });
  printTable(["target", "its process", "upstream", "candidate", "wrk", "log lines/req", "log bytes/req", "errors"], rows);
}

export interface Goal {
  key: "bare" | "warn" | "fastify" | "shadow" | "log" | "added" | "nginx";
  measure: string;
  value: Spread;
  /** How the value prints (`1.45×`, `12 %`, `0.21 ms`). */
  format: (v: number) => string;
  goal?: string;
  met?: (median: number) => boolean;
}

const cpuOf = (s: Sample) => s.cpu.self;

/** The ratios the goals are stated in, each per round, then median and min–max. */
export function goals(samples: Samples): Goal[] {
  const ratio = (a: string, b: string) => perRound(samples, a, b, (x, y) => cpuOf(x) / cpuOf(y));
  const times = (v: number) => `${v.toFixed(2)}×`;
  const percent = (v: number) => `${(v * 100).toFixed(0)} %`;
  const list: Goal[] = [
    { key: "bare", measure: "ours (info) CPU / bare node:http", value: ratio("info", "bare"), format: times, goal: "≤ 1.3×", met: (m) => m <= 1.3 },
    { key: "warn", measure: "ours (warn) CPU / bare node:http", value: ratio("warn", "bare"), format: times },
    { key: "fastify", measure: "ours (info) CPU / @fastify/http-proxy", value: ratio("info", "fastify"), format: times, goal: "< 1×", met: (m) => m < 1 },
    { key: "shadow", measure: "100 % shadow: extra proxy CPU / plain request, (shadow − info) / info", value: perRound(samples, "shadow", "info", (s, i) => (cpuOf(s) - cpuOf(i)) / cpuOf(i)), format: times, goal: "≤ 1×", met: (m) => m <= 1 },
    { key: "log", measure: "access log share of the request's CPU, (info − warn) / info", value: perRound(samples, "info", "warn", (i, w) => (cpuOf(i) - cpuOf(w)) / cpuOf(i)), format: percent, goal: "≤ 15 %", met: (m) => m <= 0.15 },
    { key: "added", measure: "ours (info) added p50 at 1 connection", value: perRound(samples, "info", "upstream", (a, b) => a.single.p50Ms - b.single.p50Ms), format: (v) => `${v.toFixed(2)} ms`, goal: "≤ 0.3 ms", met: (m) => m <= 0.3 },
  ];
  if (samples.has("nginx")) list.push({ key: "nginx", measure: "ours (info) CPU / nginx", value: ratio("info", "nginx"), format: times });
  return list;
}

export function printGoals(list: Goal[]): void {
  const rows = list.map((g) => {
    const met = g.met && Number.isFinite(g.value.median) ? (g.met(g.value.median) ? "met" : "NOT met") : "";
    const range = Number.isFinite(g.value.min) ? `${g.format(g.value.min)} – ${g.format(g.value.max)}` : "–";
    return [g.measure, Number.isFinite(g.value.median) ? g.format(g.value.median) : "–", range, g.goal ?? "", met];
  });
  printTable(["measure (per round, then over the rounds)", "median", "min – max", "goal", ""], rows);
}

export interface Closing {
  samples: Samples;
  goals: Goal[];
  rounds: number;
  loadStart: number;
  loadEnd: number;
  quick: boolean;
  flipP99Ms?: number;
}

/** The one closing line, e.g. `bench:proxy: ours 152 µs/req = 1.45× bare (goal ≤ 1.3×), …`. */
export function closingLine(c: Closing): string {
  const goal = (key: Goal["key"]) => c.goals.find((g) => g.key === key)!;
  const [bare, fastify, shadow, log, added] = [goal("bare"), goal("fastify"), goal("shadow"), goal("log"), goal("added")];
  const median = (g: Goal) => (Number.isFinite(g.value.median) ? g.format(g.value.median) : "–");
  const ours = over(c.samples.get("info"), cpuOf).median;
  const met = c.goals.filter((g) => g.met && Number.isFinite(g.value.median) && g.met(g.value.median)).length;
  const goalCount = c.goals.filter((g) => g.met).length;
  const shadowText = Number.isFinite(shadow.value.median) ? `+${shadow.value.median.toFixed(2)}×` : "–";
  return (
    `bench:proxy: ours ${ours.toFixed(0)} µs/req = ${median(bare)} bare (goal ≤ 1.3×), ${median(fastify)} fastify (goal < 1×), ` +
    `shadow ${shadowText} (goal ≤ 1×), access log ${median(log)} (goal ≤ 15 %), added p50 ${median(added)} (goal ≤ 0.3 ms); ` +
    `${met} of ${goalCount} goals met; ${c.rounds} round${c.rounds === 1 ? "" : "s"}${c.quick ? " (--quick: a smoke run, not a measurement)" : ""}, ` +
    `load avg ${c.loadStart.toFixed(1)} → ${c.loadEnd.toFixed(1)}` +
    (c.flipP99Ms !== undefined ? `; flag flip p99 ${c.flipP99Ms.toFixed(0)} ms` : "")
  );
}
