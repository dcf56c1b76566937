import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DataSource, type EntityManager, type MigrationInterface, type QueryRunner } from "typeorm";
import type { ChangeEvent } from "../../contracts";
import { sqliteOptions } from "../../platform";
import { testNatsServer, type TestNatsServer } from "../../testing";
import { SimulatedCrash } from "../core/errors";
import { installConsumerTablesV1 } from "../sqlite/consumer-tables-v1";
import { installSqliteCaptureV1 } from "../sqlite/sqlite-capture-v1";
import { startConsumer, type RunningConsumer } from "../start-consumer";
import { startRelay, type RunningRelay } from "../start-relay";
import { assertHistory, checkHistory, waitUntil, type AppliedChange, type SourceChange } from "../testing";
import { defineMapping, tableMapping } from "./mapping";

/*
 * Source transactions applied atomically (docs/cdc.md, "Transactions"), on real parts: a SQLite
 * source shaped like the monolith's orders (an order and its 1–8 lines written in ONE transaction,
 * the order row keeping its line count), the monolith's capture (v1), the relay, a real
 * nats-server, and a consumer with a batch size smaller than many groups, crashed again and again
 * before and after its commits. A reader polls the target the whole time: it must never see an
 * order whose lines differ from the count the source wrote in the same transaction.
 */

class CreateShop1700000000001 implements MigrationInterface {
  name = "CreateShop1700000000001";
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE "orders" ("id" INTEGER PRIMARY KEY, "status" TEXT NOT NULL, "line_count" INTEGER NOT NULL)`);
    await runner.query(`CREATE TABLE "order_lines" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "order_id" INTEGER NOT NULL, "qty" INTEGER NOT NULL)`);
    await installSqliteCaptureV1(runner, { source: "shop", tables: { orders: {}, order_lines: {} } });
  }
  async down(): Promise<void> {}
}

class CreateCopies1700000000001 implements MigrationInterface {
  name = "CreateCopies1700000000001";
  async up(runner: QueryRunner): Promise<void> {
    await installConsumerTablesV1(runner);
    await runner.query(`CREATE TABLE "order_copies" ("id" INTEGER PRIMARY KEY, "status" TEXT NOT NULL, "line_count" INTEGER NOT NULL)`);
    await runner.query(`CREATE TABLE "line_copies" ("id" INTEGER PRIMARY KEY, "order_id" INTEGER NOT NULL, "qty" INTEGER NOT NULL)`);
    await runner.query(
      `CREATE TABLE "applied_history" ("seq" INTEGER PRIMARY KEY AUTOINCREMENT, "position" INTEGER NOT NULL, "table_name" TEXT NOT NULL, "key" TEXT NOT NULL, "tx" TEXT, "commit_id" TEXT NOT NULL)`,
    );
  }
  async down(): Promise<void> {}
}

async function open(file: string, migrations: Array<new () => MigrationInterface>): Promise<DataSource> {
  const db = new DataSource({ ...sqliteOptions(file), migrations });
  await db.initialize();
  await db.runMigrations();
  return db;
}

/** The target transaction a mapping call runs in: a run id per consumer and its count of commits. */
const commit = { run: "", number: 0 };

async function record(tx: EntityManager, change: ChangeEvent): Promise<void> {
  await tx.query(`INSERT INTO "applied_history" ("position", "table_name", "key", "tx", "commit_id") VALUES (?, ?, ?, ?, ?)`, [
    change.position,
    change.table,
    JSON.stringify(change.key),
    change.tx?.id ?? null,
    `${commit.run}:${commit.number}`,
  ]);
}

const mapping = defineMapping({
  orders: tableMapping<{ id: number; status: string; line_count: number }, { id: number }>({
    async upsert(row, tx, change) {
      await tx.query(`INSERT INTO "order_copies" ("id", "status", "line_count") VALUES (?, ?, ?) ON CONFLICT ("id") DO UPDATE SET "status" = excluded."status", "line_count" = excluded."line_count"`, [
        row.id,
        row.status,
        row.line_count,
      ]);
      await record(tx, change);
    },
    async delete(key, tx, change) {
      await tx.query(`DELETE FROM "order_copies" WHERE "id" = ?`, [key.id]);
      await record(tx, change);
    },
  }),
  order_lines: tableMapping<{ id: number; order_id: number; qty: number }, { id: number }>({
    async upsert(row, tx, change) {
      await tx.query(`INSERT INTO "line_copies" ("id", "order_id", "qty") VALUES (?, ?, ?) ON CONFLICT ("id") DO UPDATE SET "order_id" = excluded."order_id", "qty" = excluded."qty"`, [
        row.id,
        row.order_id,
        row.qty,
      ]);
      await record(tx, change);
    },
    async delete(key, tx, change) {
      await tx.query(`DELETE FROM "line_copies" WHERE "id" = ?`, [key.id]);
      await record(tx, change);
    },
  }),
});

/** A deterministic pseudo-random sequence (the test is the same on every run). */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

/**
 * Writes `count` source transactions: a new order with 1–8 lines, or (one in three) an existing
 * order changed whole — status, one line added or removed, the others' quantities — keeping the
 * order's `line_count` equal to its lines, in the same transaction.
 */
/** The source's real transactions: the highest log position after each (the test writes them one at a time). */
const transactionEnds: number[] = [];

async function writeOrders(db: DataSource, count: number, next: () => number, firstId: number): Promise<void> {
  let id = firstId;
  for (let done = 0; done < count; done++) {
    const update = id > firstId && next() < 0.34;
    await db.transaction(async (tx) => {
      if (!update) {
        const lines = 1 + Math.floor(next() * 8);
        await tx.query(`INSERT INTO "orders" ("id", "status", "line_count") VALUES (?, 'placed', ?)`, [id, lines]);
        for (let line = 0; line < lines; line++) await tx.query(`INSERT INTO "order_lines" ("order_id", "qty") VALUES (?, ?)`, [id, line + 1]);
        id += 1;
        return;
      }
      const order = firstId + Math.floor(next() * (id - firstId));
      const lines: Array<{ id: number }> = await tx.query(`SELECT "id" FROM "order_lines" WHERE "order_id" = ? ORDER BY "id"`, [order]);
      if (lines.length > 1 && next() < 0.5) await tx.query(`DELETE FROM "order_lines" WHERE "id" = ?`, [lines[0].id]);
      else await tx.query(`INSERT INTO "order_lines" ("order_id", "qty") VALUES (?, 1)`, [order]);
      await tx.query(`UPDATE "order_lines" SET "qty" = "qty" + 1 WHERE "order_id" = ?`, [order]);
      await tx.query(`UPDATE "orders" SET "status" = ?, "line_count" = (SELECT COUNT(*) FROM "order_lines" WHERE "order_id" = ?) WHERE "id" = ?`, [`changed-${done}`, order, order]);
    });
    transactionEnds.push((await db.query(`SELECT MAX("position") AS "head" FROM "_strangler_changes"`))[0].head);
    if (done % 5 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
}

let dir: string;
let nats: TestNatsServer;
let source: DataSource;
let target: DataSource;
let reader: DataSource;
let relay: RunningRelay | null = null;
const consumers: RunningConsumer[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "strangler-tx-apply-"));
  nats = await testNatsServer();
  source = await open(join(dir, "source.sqlite"), [CreateShop1700000000001]);
  target = await open(join(dir, "target.sqlite"), [CreateCopies1700000000001]);
  reader = new DataSource({ ...sqliteOptions(join(dir, "target.sqlite")) });
  await reader.initialize();
});

afterAll(async () => {
  for (const consumer of consumers) await consumer.stop().catch(() => undefined);
  await relay?.stop().catch(() => undefined);
  for (const db of [reader, source, target]) if (db?.isInitialized) await db.destroy();
  await nats?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The source's changes, each with its REAL source transaction (not the relay's group, which may hold several). */
async function sourceChanges(): Promise<SourceChange[]> {
  const rows: Array<{ position: number; table_name: string; pk: string }> = await source.query(`SELECT "position", "table_name", "pk" FROM "_strangler_changes" ORDER BY "position"`);
  let transaction = 0;
  return rows.map((row) => {
    while (row.position > transactionEnds[transaction]) transaction += 1;
    return { position: row.position, table: row.table_name, key: JSON.parse(row.pk), tx: `source-transaction-${transaction}` };
  });
}

async function appliedHistory(): Promise<AppliedChange[]> {
  const rows: Array<{ position: number; table_name: string; key: string; tx: string | null; commit_id: string }> = await target.query(
    `SELECT "position", "table_name", "key", "tx", "commit_id" FROM "applied_history" ORDER BY "seq"`,
  );
  return rows.map((row) => ({ position: row.position, table: row.table_name, key: JSON.parse(row.key), tx: row.tx, commit: row.commit_id }));
}

/** Orders in the target whose lines differ from their count, and lines without their order: one read, one snapshot. */
async function tornOrders(): Promise<unknown[]> {
  return reader.query(
    `SELECT 'order' AS "kind", o."id", o."line_count" AS "expected", (SELECT COUNT(*) FROM "line_copies" l WHERE l."order_id" = o."id") AS "seen" FROM "order_copies" o
      WHERE o."line_count" <> (SELECT COUNT(*) FROM "line_copies" l WHERE l."order_id" = o."id")
     UNION ALL
     SELECT 'line', l."id", NULL, NULL FROM "line_copies" l WHERE NOT EXISTS (SELECT 1 FROM "order_copies" o WHERE o."id" = l."order_id")`,
  );
}

/** A consumer whose commits are counted (the history's commit ids); `crashAt` throws SimulatedCrash at that batch. */
async function consumer(crashAt?: { batch: number; point: "beforeCommit" | "afterCommit" }): Promise<RunningConsumer> {
  commit.run = `run-${consumers.length}`;
  commit.number = 0;
  let batches = 0;
  const crash = (point: "beforeCommit" | "afterCommit") => {
    if (crashAt && crashAt.point === point && batches === crashAt.batch) throw new SimulatedCrash(`${point} of batch ${batches}`);
  };
  const started = await startConsumer({
    db: target,
    url: nats.url,
    source: "shop",
    durable: "orders-copy",
    mapping,
    ackWaitMs: 1000,
    batchSize: 4,
    groupCheckMs: 300,
    hooks: {
      beforeCommit: () => crash("beforeCommit"),
      afterCommit: () => {
        crash("afterCommit");
        batches += 1;
        commit.number += 1;
      },
    },
  });
  consumers.push(started);
  return started;
}

describe("source transactions applied atomically (real nats-server, real SQLite)", () => {
  it("never shows an order without all its lines, through repeated consumer crashes, and applies every group in one target transaction", async () => {
    relay = await startRelay({ db: source, url: nats.url, ackTimeoutMs: 2000 });
    const torn: unknown[] = [];
    let reads = 0;
    let reading = true;
    const polling = (async () => {
      while (reading) {
        torn.push(...(await tornOrders()));
        reads += 1;
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    })();

    const next = random(42);
    const writing = writeOrders(source, 400, next, 1);
    // Crash the consumer again and again while the writer writes: before a commit (the batch is
    // rolled back, redelivered) and after it (committed, not acknowledged: redelivered, skipped).
    const points = ["beforeCommit", "afterCommit"] as const;
    for (let crash = 0; crash < 8; crash++) {
      const running = await consumer({ batch: 2 + (crash % 4), point: points[crash % 2] });
      await expect(running.consumer.done()).rejects.toBeInstanceOf(SimulatedCrash);
      await running.stop().catch(() => undefined);
    }
    await writing;
    await writeOrders(source, 100, next, 10_000);
    const last = await consumer();
    const expected = (await sourceChanges()).length;
    await waitUntil(async () => (await appliedHistory()).length >= expected, `${expected} changes applied`, 90_000);
    await waitUntil(async () => (await last.consumer.status()).backlog === 0, "backlog 0", 30_000);
    reading = false;
    await polling;

    expect(reads).toBeGreaterThan(20);
    expect(torn).toEqual([]);
    const history = await appliedHistory();
    assertHistory(await sourceChanges(), history);
    // The groups really were transactions of several rows, some larger than the batch size.
    const sizes = new Map<string, number>();
    for (const change of history) sizes.set(String(change.tx), (sizes.get(String(change.tx)) ?? 0) + 1);
    expect(Math.max(...sizes.values())).toBeGreaterThan(4);
    // And the target ends equal to the source.
    expect(await target.query(`SELECT * FROM "order_copies" ORDER BY "id"`)).toEqual(await source.query(`SELECT * FROM "orders" ORDER BY "id"`));
    expect(await target.query(`SELECT * FROM "line_copies" ORDER BY "id"`)).toEqual(await source.query(`SELECT * FROM "order_lines" ORDER BY "id"`));
  }, 240_000);

  it("reports a group committed in two target transactions as split (the checker sees it)", async () => {
    const changes = await sourceChanges();
    const group = changes.find((change, index) => changes[index + 1]?.tx === change.tx)!;
    const history = (await appliedHistory()).map((change) => (change.position === group.position ? { ...change, commit: "elsewhere" } : change));
    expect(checkHistory(changes, history).splitTransactions).toHaveLength(1);
  });
});
