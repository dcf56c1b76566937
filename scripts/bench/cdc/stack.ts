import { join } from "node:path";
import { childNamed } from "../proc-children";
import { startNatsServer, type RunningNatsServer } from "../../../cdc";
import { startChild, type RunningChild } from "../../stack/child-process";
import { waitReady } from "../../stack/wait-ready";
import type { Source } from "./source-log";
import type { WriterCommand, WriterReport } from "./writer-main";
import { WriterProcess } from "./writer-process";

export { cpuMs } from "./cpu";

export interface CdcStackOptions {
  /** The monolith's database: its SQLite file in `dataDir`, or PostgreSQL at `databaseUrl`. */
  source: Source;
  /** MONOLITH_DATABASE_URL of every part when `source` is postgres. */
  databaseUrl?: string;
  /** STRANGLER_DATA_DIR: monolith.sqlite (SQLite), catalog.sqlite and the relay's progress file. */
  dataDir: string;
  /** Each part's output goes to `<logDir>/<name>.log`, as under `npm start`. */
  logDir: string;
  /** The environment every part gets: the bench's, without any setting of the deployables (product defaults). */
  env: NodeJS.ProcessEnv;
  catalogPort: number;
  /** Write a V8 CPU profile of each Node part into this folder when it exits (`--cpu-prof`). */
  profileDir: string | null;
}

/** Process ids of the parts, for their CPU time. */
export interface StackPids {
  writer: number;
  relay: number;
  catalog: number;
  nats: number | null;
}

/**
 * The pipeline as a user runs it, each part a process of its own started the way `npm start`
 * starts it (scripts/stack/start.ts), at product defaults: nats-server, the monolith's relay
 * (`scripts/stack/relay-main.ts`), the catalog backfill (once) and the catalog service
 * (`extracted/catalog/main.ts`: its consumer of CDC_MONOLITH with the catalog's real mapping, the
 * reverse direction and the ownership keeper). Plus the bench's writer (writer-main.ts) on the
 * monolith's database. On PostgreSQL every part gets MONOLITH_DATABASE_URL, as the user's would.
 * The catalog can be restarted with or without its apply journal; the whole stack can be stopped
 * and started again on the same data (the bench runs one source's stack at a time).
 */
export class CdcStack {
  private nats: RunningNatsServer | null = null;
  private relay: RunningChild | null = null;
  private catalog: RunningChild | null = null;
  private writer: WriterProcess | null = null;
  private backfilled = false;

  constructor(private readonly options: CdcStackOptions) {}

  get source(): Source {
    return this.options.source;
  }

  get catalogUrl(): string {
    return `http://127.0.0.1:${this.options.catalogPort}`;
  }

  /** The monolith's database as the parts are given it: the PostgreSQL URL or the SQLite file. */
  get monolithDatabase(): string {
    return this.options.databaseUrl ?? join(this.options.dataDir, "monolith.sqlite");
  }

  /** Where the relay keeps its progress on either database (scripts/stack/relay-config.ts). */
  get progressFile(): string {
    return join(this.options.dataDir, "monolith.strangler.sqlite");
  }

  get catalogFile(): string {
    return join(this.options.dataDir, "catalog.sqlite");
  }

  /** The environment of a part: STRANGLER_DATA_DIR, NATS_URL and, on PostgreSQL, MONOLITH_DATABASE_URL. */
  env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
    const profile = this.options.profileDir ? { NODE_OPTIONS: `--require ${join(__dirname, "cpu-profile.cjs")}`, BENCH_CPU_PROFILE_DIR: this.options.profileDir } : {};
    const database = this.options.databaseUrl ? { MONOLITH_DATABASE_URL: this.options.databaseUrl } : {};
    return { ...this.options.env, ...profile, ...database, STRANGLER_DATA_DIR: this.options.dataDir, NATS_URL: this.nats?.url, ...extra };
  }

  /** Seeds the monolith's database with the real seed script (`npm run seed`), as a user does. */
  seed(args: string[]): Promise<void> {
    return seedMonolith(this.env({ NODE_OPTIONS: "" }), this.options.logDir, "seed", args);
  }

  /** nats-server, the relay, the catalog backfill (the first time) and the writer; the catalog service comes with `startCatalog`. */
  async start(writerSeed: number): Promise<void> {
    this.nats = await startNatsServer({ storeDir: join(this.options.dataDir, "nats"), searchPath: this.options.env.PATH });
    const relay = (this.relay = startChild({ name: "relay", entry: "scripts/stack/relay-main.ts", env: this.env() }, this.options.logDir));
    await relay.waitForLine((line) => line.includes('"message":"relay started"'), 60_000).catch((err: Error) => {
      throw new Error(`relay did not start: ${err.message}\n${relay.tail()}`);
    });
    if (!this.backfilled) {
      const backfill = startChild({ name: "catalog-backfill", entry: "extracted/catalog/cli/backfill-main.ts", env: this.env({ NODE_OPTIONS: "" }) }, this.options.logDir);
      if ((await backfill.exited) !== 0) throw new Error(`catalog backfill failed:\n${backfill.tail()}`);
      this.backfilled = true;
    }
    this.writer = await WriterProcess.start(this.monolithDatabase, writerSeed, this.env());
  }

  /** (Re)starts the catalog service; `journal` turns its apply journal on (STRANGLER_SYNC_JOURNAL=on, off by default). */
  async startCatalog(journal: boolean): Promise<void> {
    await this.stopCatalog();
    const catalog = (this.catalog = startChild(
      { name: "catalog", entry: "extracted/catalog/main.ts", env: this.env({ CATALOG_PORT: String(this.options.catalogPort), ...(journal ? { STRANGLER_SYNC_JOURNAL: "on" } : {}) }) },
      this.options.logDir,
    ));
    await waitReady(`${this.catalogUrl}/healthz`, 60_000, catalog.exited).catch((err: Error) => {
      throw new Error(`catalog did not start: ${err.message}\n${catalog.tail()}`);
    });
  }

  async stopCatalog(): Promise<void> {
    await this.catalog?.stop();
    this.catalog = null;
  }

  /** Asks the writer to write; resolves with its report. */
  write(command: Exclude<WriterCommand, { cmd: "stop" }>): Promise<WriterReport> {
    if (!this.writer) throw new Error("the writer does not run");
    return this.writer.write(command);
  }

  /**
   * Freezes the relay process (SIGSTOP) or lets it go on (SIGCONT): the log fills while it is frozen,
   * and the pipeline's own pace shows once it runs again (its connections stay open meanwhile).
   */
  freezeRelay(frozen: boolean): void {
    const pid = this.relay?.process.pid;
    if (!pid) throw new Error("the relay does not run");
    process.kill(pid, frozen ? "SIGSTOP" : "SIGCONT");
  }

  /** Throws when a part that should run has exited (the bench then stops instead of waiting for a drain that cannot come). */
  assertRunning(): void {
    for (const [name, child] of [["relay", this.relay], ["catalog", this.catalog]] as const) {
      const exit = child && (child.process.exitCode ?? child.process.signalCode);
      if (child && exit !== null) throw new Error(`the ${name} exited (${exit}) while the bench ran:\n${child.tail()}`);
    }
  }

  pids(): StackPids {
    const pid = (value: number | undefined, name: string) => {
      if (!value) throw new Error(`${name} does not run`);
      return value;
    };
    return {
      writer: pid(this.writer?.pid, "writer"),
      relay: pid(this.relay?.process.pid, "relay"),
      catalog: pid(this.catalog?.process.pid, "catalog"),
      nats: childNamed(process.pid, "nats-server"),
    };
  }

  /** Stops every part gracefully (a profiled part writes its profile then); `start` may run again afterwards. */
  async stop(): Promise<void> {
    if (this.relay?.process.pid && this.relay.process.exitCode === null) this.freezeRelay(false);
    await this.writer?.stop();
    this.writer = null;
    await this.stopCatalog();
    await this.relay?.stop();
    this.relay = null;
    await this.nats?.stop();
    this.nats = null;
  }
}

/**
 * `npm run seed -- <args>` (scripts/seed/seed-monolith.ts) with `env`: the SQLite file in its
 * STRANGLER_DATA_DIR, or the PostgreSQL database of its MONOLITH_DATABASE_URL. Output in `<logDir>/<name>.log`.
 */
export async function seedMonolith(env: NodeJS.ProcessEnv, logDir: string, name: string, args: string[]): Promise<void> {
  const seed = startChild({ name, entry: "scripts/seed/seed-monolith.ts", args, env }, logDir);
  if ((await seed.exited) !== 0) throw new Error(`seeding the monolith (${name}) failed:\n${seed.tail()}`);
}
