/**
 * The writer of `npm run bench:cdc`, a process of its own (as the legacy app is): it opens the
 * monolith's SQLite file the way the monolith does (WAL, busy_timeout 5000, foreign keys on) and
 * writes the shop's transactions of 1–3 rows (shop-workload.ts) when the bench asks, over IPC:
 *   { cmd: "burst", changes }            as fast as it can until at least `changes` rows are written;
 *   { cmd: "steady", perSecond, seconds } at a steady rate, each transaction committed when due;
 *   { cmd: "stop" }.
 * Each answer: the transactions and rows written, how long it took, and the change log's head before
 * and after (AUTOINCREMENT positions, so head after − head before = the changes logged).
 */
import Database from "better-sqlite3";
import { ShopWorkload } from "./shop-workload";

export type WriterCommand = { cmd: "burst"; changes: number } | { cmd: "steady"; perSecond: number; seconds: number } | { cmd: "stop" };

export interface WriterReport {
  transactions: number;
  rows: number;
  ms: number;
  headBefore: number;
  headAfter: number;
  /** Steady only: the most rows the writer was ever behind its schedule (a stalled writer shows here). */
  maxBehind?: number;
}

const file = process.argv[2];
const seed = Number(process.argv[3] ?? 1);
if (!file || !process.send) {
  process.stderr.write("usage: started by scripts/bench/cdc-bench.ts with the monolith's database file and a seed\n");
  process.exit(2);
}
const db = new Database(file, { fileMustExist: true });
db.pragma("journal_mode = WAL");
db.pragma("busy_timeout = 5000");
db.pragma("foreign_keys = ON");
const workload = new ShopWorkload(db, seed);
const headStatement = db.prepare(
  `SELECT MAX(COALESCE((SELECT "seq" FROM "sqlite_sequence" WHERE "name" = '_strangler_changes'), 0), COALESCE((SELECT MAX("position") FROM "_strangler_changes"), 0)) AS "head"`,
);
const head = () => Number((headStatement.get() as { head: number }).head);

function burst(changes: number): WriterReport {
  const headBefore = head();
  const started = performance.now();
  let transactions = 0;
  let rows = 0;
  while (rows < changes) {
    rows += workload.transaction();
    transactions += 1;
  }
  return { transactions, rows, ms: performance.now() - started, headBefore, headAfter: head() };
}

async function steady(perSecond: number, seconds: number): Promise<WriterReport> {
  const headBefore = head();
  const started = performance.now();
  let transactions = 0;
  let rows = 0;
  let maxBehind = 0;
  for (;;) {
    const elapsed = performance.now() - started;
    if (elapsed >= seconds * 1000) break;
    const due = Math.floor((elapsed / 1000) * perSecond);
    maxBehind = Math.max(maxBehind, due - rows);
    while (rows < due) {
      rows += workload.transaction();
      transactions += 1;
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  return { transactions, rows, ms: performance.now() - started, headBefore, headAfter: head(), maxBehind };
}

process.on("message", (message: WriterCommand) => {
  void (async () => {
    if (message.cmd === "stop") {
      db.close();
      process.exit(0);
    }
    const report = message.cmd === "burst" ? burst(message.changes) : await steady(message.perSecond, message.seconds);
    process.send!(report);
  })().catch((err: unknown) => {
    process.stderr.write(`writer failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
});
process.send({ ready: true });
