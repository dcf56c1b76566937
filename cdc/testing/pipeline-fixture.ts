import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DataSource, Table, type MigrationInterface, type QueryRunner } from "typeorm";
import type { ChangeEvent } from "../../contracts";
import { postgresOptions, sqliteOptions } from "../../platform";
import { installPgCaptureV1 } from "../postgres/pg-capture-v1";
import { installPgCaptureV2 } from "../postgres/pg-capture-v2";
import { installConsumerTablesV1 } from "../sqlite/consumer-tables-v1";
import { installSqliteCaptureV1 } from "../sqlite/sqlite-capture-v1";
import { runSql } from "../sqlite/sql-text";
import { defineMapping, tableMapping } from "../consumer/mapping";
import type { AppliedChange, SourceChange } from "./history-checker";

/*
 * A small source and target pair on real SQLite files (or the source in a PostgreSQL database), for the cdc int tests and the benchmark:
 * source table `items` (captured), target table `item_copies`, and `applied_history`, written by
 * the mapping in the apply transaction, which the history checker reads.
 */

class CreateItems1700000000001 implements MigrationInterface {
  name = "CreateItems1700000000001";
  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: "items",
        columns: [
          { name: "id", type: "integer", isPrimary: true },
          { name: "name", type: "varchar" },
          { name: "qty", type: "integer" },
          { name: "secret", type: "varchar", isNullable: true },
        ],
      }),
    );
  }
  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable("items");
  }
}

class CaptureItems1700000000002 implements MigrationInterface {
  name = "CaptureItems1700000000002";
  async up(runner: QueryRunner): Promise<void> {
    await installSqliteCaptureV1(runner, { source: "shop", tables: { items: { exclude: ["secret"] } } });
  }
  async down(): Promise<void> {}
}

class CaptureItemsOnPostgres1700000000002 implements MigrationInterface {
  name = "CaptureItemsOnPostgres1700000000002";
  async up(runner: QueryRunner): Promise<void> {
    await installPgCaptureV1(runner, { source: "shop", tables: { items: { exclude: ["secret"] } } });
  }
  async down(): Promise<void> {}
}

class CaptureItemsOnPostgresV21700000000002 implements MigrationInterface {
  name = "CaptureItemsOnPostgresV21700000000002";
  async up(runner: QueryRunner): Promise<void> {
    await installPgCaptureV2(runner, { source: "shop", tables: { items: { exclude: ["secret"] } } });
  }
  async down(): Promise<void> {}
}

class CreateCopies1700000000001 implements MigrationInterface {
  name = "CreateCopies1700000000001";
  async up(runner: QueryRunner): Promise<void> {
    await installConsumerTablesV1(runner);
    await runner.query(`CREATE TABLE "item_copies" ("id" INTEGER PRIMARY KEY, "name" TEXT NOT NULL, "qty" INTEGER NOT NULL)`);
    await runner.query(`CREATE TABLE "applied_history" ("seq" INTEGER PRIMARY KEY AUTOINCREMENT, "position" INTEGER NOT NULL, "table_name" TEXT NOT NULL, "key" TEXT NOT NULL)`);
  }
  async down(): Promise<void> {}
}

export interface ItemRow extends Record<string, unknown> {
  id: number;
  name: string;
  qty: number;
}

async function openDb(location: string, migrations: Array<new () => MigrationInterface>): Promise<DataSource> {
  const options = location.startsWith("postgres") ? postgresOptions(location) : sqliteOptions(location);
  const db = new DataSource({ ...options, migrations } as ConstructorParameters<typeof DataSource>[0]);
  await db.initialize();
  await db.runMigrations();
  return db;
}

async function recordHistory(tx: import("typeorm").EntityManager, change: ChangeEvent): Promise<void> {
  await tx.query(`INSERT INTO "applied_history" ("position", "table_name", "key") VALUES (?, ?, ?)`, [change.position, change.table, JSON.stringify(change.key)]);
}

export interface PipelineFixture {
  dir: string;
  source: DataSource;
  /** Where a relay of this source keeps its progress (beside the SQLite files, also for a PostgreSQL source). */
  relayProgressFile: string;
  target: DataSource;
  /** Changes with these names fail in the mapping (poison). */
  poisonNames: Set<string>;
  mapping: ReturnType<typeof itemsMapping>;
  /** Opens another target database (for a second consumer). */
  openTarget(name: string): Promise<DataSource>;
  /** Every change the source logged. */
  sourceChanges(): Promise<SourceChange[]>;
  /** Applications in the target, in commit order. */
  appliedHistory(target?: DataSource): Promise<AppliedChange[]>;
  close(): Promise<void>;
}

function itemsMapping(poisonNames: Set<string>) {
  return defineMapping({
    items: tableMapping<ItemRow, { id: number }>({
      async upsert(row, tx, change) {
        if (poisonNames.has(row.name)) throw new Error(`poison item "${row.name}"`);
        await tx.query(
          `INSERT INTO "item_copies" ("id", "name", "qty") VALUES (?, ?, ?) ON CONFLICT ("id") DO UPDATE SET "name" = excluded."name", "qty" = excluded."qty"`,
          [row.id, row.name, row.qty],
        );
        await recordHistory(tx, change);
      },
      async delete(key, tx, change) {
        await tx.query(`DELETE FROM "item_copies" WHERE "id" = ?`, [key.id]);
        await recordHistory(tx, change);
      },
    }),
  });
}

/**
 * Creates both databases in a fresh temp folder and runs their migrations. With `sourceUrl` (an
 * empty PostgreSQL database the caller created), the source lives there, captured by pg-capture-v1
 * (or v2 with `pgCapture: "v2"`).
 */
export async function pipelineFixture(options: { sourceUrl?: string; pgCapture?: "v1" | "v2" } = {}): Promise<PipelineFixture> {
  const dir = mkdtempSync(join(tmpdir(), "strangler-cdc-"));
  const source = options.sourceUrl
    ? await openDb(options.sourceUrl, [CreateItems1700000000001, options.pgCapture === "v2" ? CaptureItemsOnPostgresV21700000000002 : CaptureItemsOnPostgres1700000000002])
    : await openDb(join(dir, "source.sqlite"), [CreateItems1700000000001, CaptureItems1700000000002]);
  const log = options.sourceUrl ? "strangler.changes" : `"_strangler_changes"`;
  const target = await openDb(join(dir, "target.sqlite"), [CreateCopies1700000000001]);
  const extra: DataSource[] = [];
  const poisonNames = new Set<string>();
  return {
    dir,
    source,
    relayProgressFile: join(dir, "source.strangler.sqlite"),
    target,
    poisonNames,
    mapping: itemsMapping(poisonNames),
    async openTarget(name) {
      const db = await openDb(join(dir, `${name}.sqlite`), [CreateCopies1700000000001]);
      extra.push(db);
      return db;
    },
    async sourceChanges() {
      const rows: Array<{ position: number | string; table_name: string; pk: string }> = await source.query(`SELECT "position", "table_name", "pk" FROM ${log} WHERE "position" IS NOT NULL ORDER BY "position"`);
      return rows.map((row) => ({ position: Number(row.position), table: row.table_name, key: JSON.parse(row.pk) }));
    },
    async appliedHistory(db = target) {
      const rows: Array<{ position: number; table_name: string; key: string }> = await db.query(`SELECT "position", "table_name", "key" FROM "applied_history" ORDER BY "seq"`);
      return rows.map((row) => ({ position: row.position, table: row.table_name, key: JSON.parse(row.key) }));
    },
    async close() {
      for (const db of [source, target, ...extra]) if (db.isInitialized) await db.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Writes `count` changes spread over `keys` items as raw SQL (insert first, then updates), in
 * transactions of `perTransaction` statements. Returns when committed.
 */
export async function writeItemChanges(db: DataSource, options: { count: number; keys: number; perTransaction?: number; firstId?: number; label?: string }): Promise<void> {
  const perTransaction = options.perTransaction ?? 50;
  const firstId = options.firstId ?? 1;
  const existing = new Set<number>(((await db.query(`SELECT "id" FROM "items"`)) as Array<{ id: number }>).map((row) => row.id));
  for (let done = 0; done < options.count; ) {
    const size = Math.min(perTransaction, options.count - done);
    await db.transaction(async (tx) => {
      for (let index = 0; index < size; index++, done++) {
        const id = firstId + (done % options.keys);
        const name = `${options.label ?? "item"}-${id}-${done}`;
        if (existing.has(id)) await runSql(tx, `UPDATE "items" SET "name" = ?, "qty" = "qty" + 1 WHERE "id" = ?`, [name, id]);
        else await runSql(tx, `INSERT INTO "items" ("id", "name", "qty", "secret") VALUES (?, ?, 0, 'hidden')`, [id, name]);
        existing.add(id);
      }
    });
  }
}

/** Polls `check` until it returns true; fails after `timeoutMs` with `what`. */
export async function waitUntil(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
