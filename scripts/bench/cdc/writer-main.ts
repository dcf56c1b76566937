/**
 * The writer of `npm run bench:cdc`, a process of its own (as the legacy app is): it writes the
 * shop's transactions of 1–3 rows (shop-workload.ts) straight into the monolith's database when the
 * bench asks, over IPC:
 *   { cmd: "burst", changes, connections? }       as fast as it can until at least `changes` rows are written;
 *   { cmd: "transactions", count, connections? }   exactly `count` transactions, as fast as it can;
 *   { cmd: "steady", perSecond, seconds }          at a steady rate, each transaction committed when due;
 *   { cmd: "stop" }.
 * The database is its first argument:
 * - a SQLite file: opened the way the monolith opens it (WAL, busy_timeout 5000, foreign keys on),
 *   one connection (better-sqlite3, synchronous; `connections` must be 1); a transaction refused
 *   with SQLITE_BUSY* (a deferred one that read first, after another connection wrote) runs again;
 * - a `postgres://` URL: `connections` pg clients side by side (1 by default), each transaction
 *   BEGIN … COMMIT at READ COMMITTED as the monolith's, its statements prepared once per connection;
 *   one PostgreSQL aborts as a deadlock or serialization failure runs again (counted in `retries`).
 * Each answer: the transactions and rows written, how long it took, the change log's head before and
 * after (0 and 0 on a database without capture) and the changes logged between them (counted:
 * PostgreSQL capture v2 leaves gaps between transactions' blocks of positions), and the CPU it
 * took: this process's, and on PostgreSQL its connections' backends' (read from /proc: the server
 * runs on this machine).
 */
import Database from "better-sqlite3";
import { Client } from "pg";
import { isPostgresUrl } from "../../../platform";
import { PG_CHANGE_LOG_LAYOUT } from "../../../cdc/postgres/pg-change-log-layout";
import { cpuBetween, cpuOfPids } from "./cpu";
import { SHOP_ID_QUERIES, SHOP_STATEMENTS, ShopWorkload, type ShopTransaction, type StatementName, type StepRow, type TransactionDone, type TransactionKind } from "./shop-workload";

export type WriterCommand =
  | { cmd: "burst"; changes: number; connections?: number }
  | { cmd: "transactions"; count: number; connections?: number }
  | { cmd: "steady"; perSecond: number; seconds: number }
  | { cmd: "stop" };

export interface WriterReport {
  transactions: number;
  rows: number;
  ms: number;
  headBefore: number;
  headAfter: number;
  /** Changes logged above headBefore and at or below headAfter. */
  logged: number;
  /** Steady only: the most rows the writer was ever behind its schedule (a stalled writer shows here). */
  maxBehind?: number;
  /** Transactions run again: SQLITE_BUSY* (SQLite), deadlock or serialization failure (PostgreSQL). */
  retries: number;
  /** CPU of this process over the command, in ms. */
  writerCpuMs: number;
  /** CPU of its PostgreSQL backends over the command, in ms; null on SQLite (the engine runs in the writer). */
  databaseCpuMs: number | null;
}

interface Totals {
  transactions: number;
  rows: number;
  retries: number;
}

/** What a writer loop asks before it starts another transaction: the totals so far, and how many run now. */
type More = (now: Totals & { inFlight: number }) => boolean;

/** Where the writer writes: how it reads the log's head and runs the workload's transactions. */
interface ShopDatabase {
  readonly maxConnections: number;
  head(): Promise<number>;
  /** Changes logged above `after` and at or below `through`. */
  logged(after: number, through: number): Promise<number>;
  /** Opens connections up to `count` (kept open), before a measured command starts. */
  connect(count: number): Promise<void>;
  /** Runs the workload's transactions on `connections` connections side by side while `more` says so. */
  runMany(connections: number, more: More): Promise<Totals>;
  /** Pids of the PostgreSQL backends of its connections, in connection order (none on SQLite). */
  backendPids(): number[];
  close(): Promise<void>;
}

class SqliteShop implements ShopDatabase {
  readonly maxConnections = 1;
  private readonly db: Database.Database;
  private readonly workload: ShopWorkload;
  private readonly statements: Record<StatementName, Database.Statement>;
  private readonly headStatement: Database.Statement;
  private readonly inTransaction: (transaction: ShopTransaction) => TransactionDone;
  private readonly busyCodes = new Set<string>();

  constructor(file: string, seed: number) {
    const db = (this.db = new Database(file, { fileMustExist: true }));
    db.pragma("journal_mode = WAL");
    db.pragma("busy_timeout = 5000");
    db.pragma("foreign_keys = ON");
    const ids = (sql: string) => (db.prepare(sql).all() as Array<{ id: number }>).map((row) => row.id);
    this.workload = new ShopWorkload({ products: ids(SHOP_ID_QUERIES.products), categories: ids(SHOP_ID_QUERIES.categories), customers: ids(SHOP_ID_QUERIES.customers) }, seed);
    this.statements = Object.fromEntries(Object.entries(SHOP_STATEMENTS).map(([name, spec]) => [name, db.prepare(spec.sql)])) as Record<StatementName, Database.Statement>;
    this.headStatement = db.prepare(
      `SELECT MAX(COALESCE((SELECT "seq" FROM "sqlite_sequence" WHERE "name" = '_strangler_changes'), 0), COALESCE((SELECT MAX("position") FROM "_strangler_changes"), 0)) AS "head"`,
    );
    // better-sqlite3's transaction(): BEGIN (deferred, as TypeORM's) … COMMIT, rolled back on a throw.
    this.inTransaction = db.transaction((transaction: ShopTransaction) => {
      let step = transaction.next();
      while (!step.done) {
        const statement = this.statements[step.value.statement];
        const row: StepRow = SHOP_STATEMENTS[step.value.statement].row ? (statement.get(...step.value.params) as StepRow) : (statement.run(...step.value.params), undefined);
        step = transaction.next(row);
      }
      return step.value;
    });
  }

  head(): Promise<number> {
    return Promise.resolve(Number((this.headStatement.get() as { head: number }).head));
  }

  logged(after: number, through: number): Promise<number> {
    return Promise.resolve(through - after);
  }

  connect(): Promise<void> {
    return Promise.resolve();
  }

  // Synchronous inside: one connection, nothing awaited between transactions.
  runMany(connections: number, more: More): Promise<Totals> {
    if (connections !== 1) throw new Error("the SQLite writer has one connection, as the monolith has");
    const totals: Totals = { transactions: 0, rows: 0, retries: 0 };
    while (more({ ...totals, inFlight: 0 })) {
      const kind = this.workload.nextKind();
      for (let retries = 0; ; retries++) {
        try {
          const done = this.inTransaction(this.workload.transaction(kind));
          done.committed?.();
          totals.rows += done.rows;
          totals.transactions += 1;
          break;
        } catch (err) {
          // SQLITE_BUSY_SNAPSHOT: a deferred transaction that read first cannot write after another
          // connection wrote (no busy wait helps); the legacy app would run it again. Counted.
          const code = (err as { code?: string }).code ?? "";
          if (!code.startsWith("SQLITE_BUSY") || retries >= 10) throw err;
          if (!this.busyCodes.has(code)) process.stderr.write(`writer: ${code} (${(err as Error).message}): the transaction runs again (counted as retried)\n`);
          this.busyCodes.add(code);
          totals.retries += 1;
        }
      }
    }
    return Promise.resolve(totals);
  }

  backendPids(): number[] {
    return [];
  }

  close(): Promise<void> {
    this.db.close();
    return Promise.resolve();
  }
}

/** `?` placeholders → `$1, $2, …` (the workload's SQL has no `?` elsewhere). */
const numbered = (sql: string) => {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
};
const PG_STATEMENTS = Object.fromEntries(Object.entries(SHOP_STATEMENTS).map(([name, spec]) => [name, { name: `bench_${name}`, text: numbered(spec.sql), row: spec.row }])) as Record<
  StatementName,
  { name: string; text: string; row: boolean }
>;
/** SQLSTATEs PostgreSQL asks a transaction to be run again for: deadlock_detected, serialization_failure. */
const RETRYABLE = new Set(["40P01", "40001"]);

class PgShop implements ShopDatabase {
  readonly maxConnections = 64;
  private workload: ShopWorkload | null = null;
  private readonly clients: Array<{ client: Client; pid: number }> = [];
  private captured = false;

  constructor(
    private readonly url: string,
    private readonly seed: number,
  ) {}

  async open(): Promise<void> {
    await this.connect(1);
    const { client } = this.clients[0];
    const ids = async (sql: string) => ((await client.query(sql)).rows as Array<{ id: number }>).map((row) => Number(row.id));
    this.workload = new ShopWorkload({ products: await ids(SHOP_ID_QUERIES.products), categories: await ids(SHOP_ID_QUERIES.categories), customers: await ids(SHOP_ID_QUERIES.customers) }, this.seed);
    // A database whose capture was uninstalled (the writer-cost comparison) has no log: head 0.
    this.captured = ((await client.query(`SELECT to_regclass('strangler.changes') IS NOT NULL AS "captured"`)).rows[0] as { captured: boolean }).captured;
  }

  async head(): Promise<number> {
    if (!this.captured) return 0;
    const { rows } = await this.clients[0].client.query(`SELECT COALESCE(MAX("position"), 0) AS "head" FROM ${PG_CHANGE_LOG_LAYOUT.changes}`);
    return Number((rows[0] as { head: string }).head);
  }

  async logged(after: number, through: number): Promise<number> {
    if (!this.captured) return 0;
    const { rows } = await this.clients[0].client.query(`SELECT COUNT(*) AS "count" FROM ${PG_CHANGE_LOG_LAYOUT.changes} WHERE "position" > $1 AND "position" <= $2`, [after, through]);
    return Number((rows[0] as { count: string }).count);
  }

  async connect(count: number): Promise<void> {
    while (this.clients.length < count) {
      const client = new Client({ connectionString: this.url, application_name: "bench-cdc-writer" });
      await client.connect();
      const pid = Number(((await client.query(`SELECT pg_backend_pid() AS "pid"`)).rows[0] as { pid: number }).pid);
      this.clients.push({ client, pid });
    }
  }

  /** One transaction of `kind` on `client`, run again (same kind, new values) after a deadlock or serialization failure. */
  private async runOn(client: Client, kind: TransactionKind): Promise<{ rows: number; retries: number }> {
    for (let retries = 0; ; retries++) {
      const running = this.workload!.transaction(kind);
      await client.query("BEGIN");
      try {
        let step = running.next();
        while (!step.done) {
          const statement = PG_STATEMENTS[step.value.statement];
          const result = await client.query({ name: statement.name, text: statement.text, values: step.value.params });
          step = running.next(statement.row ? (result.rows[0] as StepRow) : undefined);
        }
        await client.query("COMMIT");
        step.value.committed?.();
        return { rows: step.value.rows, retries };
      } catch (err) {
        await client.query("ROLLBACK").catch(() => undefined);
        if (!RETRYABLE.has((err as { code?: string }).code ?? "") || retries >= 10) throw err;
      }
    }
  }

  async runMany(connections: number, more: More): Promise<Totals> {
    await this.connect(connections);
    const totals: Totals = { transactions: 0, rows: 0, retries: 0 };
    let inFlight = 0;
    await Promise.all(
      this.clients.slice(0, connections).map(async ({ client }) => {
        while (more({ ...totals, inFlight })) {
          inFlight += 1;
          try {
            const done = await this.runOn(client, this.workload!.nextKind());
            totals.transactions += 1;
            totals.rows += done.rows;
            totals.retries += done.retries;
          } finally {
            inFlight -= 1;
          }
        }
      }),
    );
    return totals;
  }

  backendPids(): number[] {
    return this.clients.map((entry) => entry.pid);
  }

  async close(): Promise<void> {
    await Promise.all(this.clients.map((entry) => entry.client.end().catch(() => undefined)));
  }
}

async function main(): Promise<void> {
  const database = process.argv[2];
  const seed = Number(process.argv[3] ?? 1);
  if (!database || !process.send) {
    process.stderr.write("usage: started by scripts/bench/cdc-bench.ts with the monolith's database (file or postgres:// URL) and a seed\n");
    process.exit(2);
  }
  let shop: ShopDatabase;
  if (isPostgresUrl(database)) {
    const pg = new PgShop(database, seed);
    await pg.open();
    shop = pg;
  } else {
    shop = new SqliteShop(database, seed);
  }

  const measured = async (connections: number, work: () => Promise<Totals & { maxBehind?: number }>): Promise<WriterReport> => {
    if (!Number.isInteger(connections) || connections < 1 || connections > shop.maxConnections) throw new Error(`connections must be 1 to ${shop.maxConnections}, got ${connections}`);
    await shop.connect(connections);
    const headBefore = await shop.head();
    const pids = shop.backendPids().slice(0, connections);
    const databaseBefore = cpuOfPids(pids);
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const done = await work();
    const ms = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    const databaseCpuMs = pids.length === 0 ? null : cpuBetween(databaseBefore, cpuOfPids(pids));
    const headAfter = await shop.head();
    return { ...done, ms, headBefore, headAfter, logged: await shop.logged(headBefore, headAfter), writerCpuMs: (cpu.user + cpu.system) / 1000, databaseCpuMs };
  };

  const steady = (perSecond: number, seconds: number) =>
    measured(1, async () => {
      const totals: Totals = { transactions: 0, rows: 0, retries: 0 };
      let maxBehind = 0;
      const started = performance.now();
      // Rows due by now; a writer slower than the rate writes on until the end, never past it.
      const due = () => {
        const elapsed = performance.now() - started;
        return elapsed >= seconds * 1000 ? -1 : Math.floor((elapsed / 1000) * perSecond);
      };
      for (;;) {
        const now = due();
        if (now < 0) break;
        maxBehind = Math.max(maxBehind, now - totals.rows);
        if (totals.rows < now) {
          const done = await shop.runMany(1, (batch) => {
            const behind = due() - (totals.rows + batch.rows);
            maxBehind = Math.max(maxBehind, behind);
            return behind > 0;
          });
          totals.transactions += done.transactions;
          totals.rows += done.rows;
          totals.retries += done.retries;
        }
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
      return { ...totals, maxBehind };
    });

  const run = (message: Exclude<WriterCommand, { cmd: "stop" }>): Promise<WriterReport> => {
    switch (message.cmd) {
      case "burst": {
        const connections = message.connections ?? 1;
        return measured(connections, () => shop.runMany(connections, (now) => now.rows < message.changes));
      }
      case "transactions": {
        const connections = message.connections ?? 1;
        return measured(connections, () => shop.runMany(connections, (now) => now.transactions + now.inFlight < message.count));
      }
      case "steady":
        return steady(message.perSecond, message.seconds);
    }
  };

  process.on("message", (message: WriterCommand) => {
    void (async () => {
      if (message.cmd === "stop") {
        await shop.close();
        process.exit(0);
      }
      process.send!(await run(message));
    })().catch((err: unknown) => {
      process.stderr.write(`writer failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    });
  });
  process.send({ ready: true });
}

main().catch((err: unknown) => {
  process.stderr.write(`writer failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
