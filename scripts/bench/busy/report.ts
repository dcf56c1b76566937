import { printTable } from "../print-table";
import type { MonolithLogWindow } from "./logs";
import type { WrkResult } from "./wrk";

/** One column of the bench: the toolkit off, or on with some relay settings. */
export interface Column {
  id: string;
  label: string;
  /** Extra environment of the relay process; null: the toolkit is off (the monolith alone). */
  relaySettings: Record<string, string> | null;
  seconds: number;
}

/** What one round of one column measured. */
export interface RoundResult {
  column: Column;
  round: number;
  wrk: WrkResult;
  monolithLog: MonolithLogWindow;
  /** Toolkit on: changes in the log not yet published when the load stopped, and how long until they were. */
  relayLagAtEnd: number | null;
  relayCaughtUpMs: number | null;
  /** Toolkit on: the catalog's sync backlog (both streams) when the load stopped, and how long until it was 0. */
  syncBacklogAtEnd: number | null;
  syncDrainedMs: number | null;
  parked: number | null;
  /** CPU during the load, in % of one core. */
  cpu: { monolith: number; relay: number | null; catalog: number | null; nats: number | null };
  prunedRows: number;
  toolkitProblems: Record<string, number>;
  loadAverage: number;
}

const int = (value: number) => Math.round(value).toLocaleString("en-US");
const pct = (part: number, whole: number) => (whole === 0 ? "–" : `${((100 * part) / whole).toFixed(3)} %`);

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** "median (min–max)" of the numbers, or "–" when there are none. */
function spread(values: Array<number | null>, format: (value: number) => string = int): string {
  const present = values.filter((value): value is number => value !== null);
  if (present.length === 0) return "–";
  return `${format(median(present))} (${format(Math.min(...present))}–${format(Math.max(...present))})`;
}

export const writesPerSecond = (result: RoundResult) => result.wrk.requests / (result.wrk.durationUs / 1e6);
const fivexx = (result: RoundResult) => Object.entries(result.wrk.statuses).reduce((sum, [status, count]) => sum + (Number(status) >= 500 ? count : 0), 0);

function sumRecords(records: Array<Record<string, number>>): Record<string, number> {
  const total: Record<string, number> = {};
  for (const record of records) for (const [key, value] of Object.entries(record)) total[key] = (total[key] ?? 0) + value;
  return total;
}
const listed = (record: Record<string, number>) =>
  Object.entries(record)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, value]) => `${key}: ${int(value)}`)
    .join(", ") || "none";

export function roundLine(result: RoundResult, rounds: number): string {
  const toolkit = result.relayLagAtEnd === null ? "" : `; relay lag at end ${result.relayLagAtEnd} changes (caught up ${result.relayCaughtUpMs} ms later), sync backlog ${result.syncBacklogAtEnd} (drained ${result.syncDrainedMs} ms later)${result.prunedRows ? `, pruned ${int(result.prunedRows)} rows` : ""}`;
  return `round ${result.round + 1}/${rounds} ${result.column.label.padEnd(28)} ${int(writesPerSecond(result)).padStart(5)} writes/s, ${int(result.wrk.requests)} answered, 5xx ${fivexx(result)}${toolkit}; load ${result.loadAverage.toFixed(2)}`;
}

/** The tables and the lines under them (Markdown tables, pasted into docs/cdc.md as measured). */
export function printReport(columns: Column[], results: RoundResult[], options: { connections: number; rounds: number }): void {
  const of = (column: Column) => results.filter((result) => result.column.id === column.id);
  const totals = new Map(
    columns.map((column) => {
      const rows = of(column);
      const answered = rows.reduce((sum, row) => sum + row.wrk.requests, 0);
      const failed = rows.reduce((sum, row) => sum + fivexx(row), 0);
      return [column.id, { answered, failed }];
    }),
  );

  console.log(`\nLegacy writes straight to the monolith, as fast as ${options.connections} connections go (wrk), ${options.rounds} interleaved rounds per column\n`);
  printTable(
    ["column", "round length", "writes/s median (min–max)", "answered", "5xx", "5xx by code", "5xx %"],
    columns.map((column) => {
      const rows = of(column);
      const { answered, failed } = totals.get(column.id)!;
      return [column.label, `${column.seconds} s`, spread(rows.map(writesPerSecond)), int(answered), int(failed), listed(sumRecords(rows.map((row) => row.wrk.codes))), pct(failed, answered)];
    }),
  );

  const toolkitColumns = columns.filter((column) => column.relaySettings !== null);
  if (toolkitColumns.length > 0) {
    console.log("\nThe toolkit during those rounds (median (min–max) over rounds; CPU in % of one core while the load ran)\n");
    const cpu = (pick: (row: RoundResult) => number | null) => (column: Column) => spread(of(column).map(pick), (value) => `${value.toFixed(0)} %`);
    printTable(
      ["column", "relay lag at end (changes)", "relay caught up after (ms)", "sync backlog at end", "sync drained after (ms)", "parked", "pruned rows", "CPU relay", "CPU catalog", "CPU nats", "CPU monolith"],
      toolkitColumns.map((column) => {
        const rows = of(column);
        return [
          column.label,
          spread(rows.map((row) => row.relayLagAtEnd)),
          spread(rows.map((row) => row.relayCaughtUpMs)),
          spread(rows.map((row) => row.syncBacklogAtEnd)),
          spread(rows.map((row) => row.syncDrainedMs)),
          String(Math.max(0, ...rows.map((row) => row.parked ?? 0))),
          int(rows.reduce((sum, row) => sum + row.prunedRows, 0)),
          cpu((row) => row.cpu.relay)(column),
          cpu((row) => row.cpu.catalog)(column),
          cpu((row) => row.cpu.nats)(column),
          cpu((row) => row.cpu.monolith)(column),
        ];
      }),
    );
  }

  const off = columns.find((column) => column.relaySettings === null);
  if (off) {
    const base = totals.get(off.id)!;
    console.log("\nFailed legacy writes caused by the toolkit (5xx, on − off):");
    for (const column of toolkitColumns) {
      const on = totals.get(column.id)!;
      const rateOn = on.answered ? (100 * on.failed) / on.answered : 0;
      const rateOff = base.answered ? (100 * base.failed) / base.answered : 0;
      console.log(
        `  ${column.label.padEnd(28)} ${int(on.failed)} − ${int(base.failed)} = ${int(on.failed - base.failed)} failed writes; ` +
          `${rateOn.toFixed(3)} % − ${rateOff.toFixed(3)} % = ${(rateOn - rateOff).toFixed(3)} points`,
      );
    }
  }

  console.log("\nEvery answer by status (wrk), and the same rounds in the monolith's access log:");
  for (const column of columns) {
    const rows = of(column);
    const counted = rows.reduce((sum, row) => sum + row.wrk.requests, 0);
    const logged = rows.reduce((sum, row) => sum + row.monolithLog.writes, 0);
    const socketErrors = rows.reduce((sum, row) => sum + row.wrk.errors.connect + row.wrk.errors.read + row.wrk.errors.write + row.wrk.errors.timeout, 0);
    console.log(
      `  ${column.label.padEnd(28)} wrk: ${listed(sumRecords(rows.map((row) => row.wrk.statuses)))}; socket errors/timeouts ${socketErrors}` +
        ` | access log: ${listed(sumRecords(rows.map((row) => row.monolithLog.writesByStatus)))} (${int(logged - counted)} more than wrk counted: sent before it stopped, answered after; at most ${options.connections} per round)`,
    );
  }
  const errors = sumRecords(results.map((row) => row.monolithLog.errors));
  console.log(`\nErrors in the monolith's log: ${Object.keys(errors).length ? "" : "none"}`);
  for (const column of columns) {
    const own = sumRecords(of(column).map((row) => row.monolithLog.errors));
    for (const [what, count] of Object.entries(own)) console.log(`  ${column.label}: ${count} × ${what}`);
  }
  const problems = sumRecords(results.map((row) => row.toolkitProblems));
  console.log(`Warnings and errors of the toolkit processes during the rounds: ${Object.keys(problems).length ? "" : "none"}`);
  for (const [what, count] of Object.entries(problems)) console.log(`  ${count} × ${what}`);
}
