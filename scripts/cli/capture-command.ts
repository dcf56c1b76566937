import type { Command } from "commander";
import { CLI_ERROR_CODES, CliError } from "./cli-error";
import { printJson, printTable } from "./output";

type CaptureAdmin = typeof import("../../cdc/capture-admin");
type CaptureStatus = import("../../cdc/capture-admin").CaptureStatus;

interface DbOption {
  db: string;
  json?: boolean;
}

/** Loaded when a capture verb runs: typeorm and the database drivers stay out of `--help`. */
function captureAdmin(): CaptureAdmin {
  require("reflect-metadata");
  return require("../../cdc/capture-admin") as CaptureAdmin;
}

function list(value: string | undefined): string[] {
  return (value ?? "")
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean);
}

/** `--tables a,b` and `--exclude a.secret,b.note` as the installer's table settings. */
export function captureTables(tables: string | undefined, exclude: string | undefined): Record<string, { exclude?: string[] }> {
  const names = list(tables);
  if (names.length === 0) throw new CliError(CLI_ERROR_CODES.usage, "--tables names no table. Fix: --tables products,categories", 2);
  const settings: Record<string, { exclude?: string[] }> = Object.fromEntries(names.map((name) => [name, {}]));
  for (const item of list(exclude)) {
    const dot = item.lastIndexOf(".");
    const table = item.slice(0, dot);
    if (dot <= 0 || dot === item.length - 1 || !settings[table]) {
      throw new CliError(CLI_ERROR_CODES.usage, `--exclude ${item}: give <table>.<column> of a table in --tables. Fix: --exclude customers.password_hash`, 2);
    }
    (settings[table].exclude ??= []).push(item.slice(dot + 1));
  }
  return settings;
}

/** Opens `--db`; `work` gets the database and how to name it in output (a URL's password masked). */
async function withDatabase<T>(value: string, work: (admin: CaptureAdmin, db: import("typeorm").DataSource, shown: string) => Promise<T>): Promise<T> {
  const admin = captureAdmin();
  const location = admin.parseDatabaseLocation(value);
  const db = await admin.openDatabase(location);
  try {
    return await work(admin, db, location.shown);
  } finally {
    await db.destroy();
  }
}

function printStatus(status: CaptureStatus, json: boolean | undefined, where: string): void {
  if (json) return printJson(status);
  if (!status.installed) {
    process.stdout.write(`capture is not installed in ${where}${status.tables.length > 0 ? ` (but tables still carry capture triggers: ${status.tables.join(", ")})` : ""}.\n`);
    return;
  }
  process.stdout.write(`capture is installed in ${where} (${status.dialect}), source "${status.source}".\n`);
  printTable(["captured table"], status.tables.map((table) => [table]));
  process.stdout.write(`log: ${status.changes} changes, head position ${status.head}${status.oldestCommittedAt ? `, oldest committed ${status.oldestCommittedAt}` : ""}\n`);
}

/**
 * `strangler capture install|status|uninstall --db <postgres://…|file.sqlite>`: change capture on an
 * existing database without the application's code (docs/your-own-monolith.md).
 */
export function captureCommand(program: Command): void {
  const capture = program.command("capture").description("install, inspect or remove change capture on an existing database (PostgreSQL URL or SQLite file)");
  capture
    .command("install")
    .description("install the change log and triggers on the listed tables, in one transaction; idempotent (nothing in the application's tables but one trigger set per table)")
    .requiredOption("--db <url|file>", "postgres://user@host:5432/database, or the path of an existing SQLite file")
    .requiredOption("--tables <list>", "tables to capture, comma-separated (schema.table on PostgreSQL; default schema: the connection's)")
    .option("--exclude <list>", "columns that never leave the database, comma-separated table.column")
    .option("--source <name>", "the database's name in change events and stream subjects", "monolith")
    .option("--json", "print the resulting status as JSON")
    .action(async (options: DbOption & { tables: string; exclude?: string; source: string }) => {
      const tables = captureTables(options.tables, options.exclude);
      await withDatabase(options.db, async (admin, db, shown) => {
        const status = await admin.installCapture(db, { source: options.source, tables });
        printStatus(status, options.json, shown);
      });
    });
  capture
    .command("status")
    .description("whether capture is installed, on which tables, and how many changes its log holds (read-only)")
    .requiredOption("--db <url|file>", "postgres://user@host:5432/database, or the path of an existing SQLite file")
    .option("--json", "print the status as JSON")
    .action(async (options: DbOption) => {
      await withDatabase(options.db, async (admin, db, shown) => printStatus(await admin.readCaptureStatus(db), options.json, shown));
    });
  capture
    .command("uninstall")
    .description("remove every trace of capture (triggers on every captured table, the log); refused while the log holds changes unless --force")
    .requiredOption("--db <url|file>", "postgres://user@host:5432/database, or the path of an existing SQLite file")
    .option("--force", "remove it even though the log still holds changes (they are lost if not yet published)")
    .option("--json", "print the resulting status as JSON")
    .action(async (options: DbOption & { force?: boolean }) => {
      await withDatabase(options.db, async (admin, db, shown) => {
        const status = await admin.uninstallCapture(db, { force: options.force });
        if (options.json) printJson(status);
        else process.stdout.write(`capture removed from ${shown}: no trigger, no log table left; the application's tables are untouched.\n`);
      });
    });
}
