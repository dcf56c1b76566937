import { fork, type ChildProcess } from "node:child_process";
import { childNamed } from "../proc-children";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { startNatsServer, type RunningNatsServer } from "../../../cdc";
import { startChild, type RunningChild } from "../../stack/child-process";
import { waitReady } from "../../stack/wait-ready";
import type { WriterCommand, WriterReport } from "./writer-main";

export interface CdcStackOptions {
  /** STRANGLER_DATA_DIR: monolith.sqlite (seeded), catalog.sqlite and the relay's progress file. */
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
 * monolith's file. The catalog can be restarted with or without its apply journal.
 */
export class CdcStack {
  private nats: RunningNatsServer | null = null;
  private relay: RunningChild | null = null;
  private catalog: RunningChild | null = null;
  private writer: ChildProcess | null = null;
  private writerAnswers: Array<(report: WriterReport) => void> = [];
  private writerExit: Promise<number | null> | null = null;

  constructor(private readonly options: CdcStackOptions) {}

  get catalogUrl(): string {
    return `http://127.0.0.1:${this.options.catalogPort}`;
  }

  get monolithFile(): string {
    return join(this.options.dataDir, "monolith.sqlite");
  }

  private env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
    const profile = this.options.profileDir ? { NODE_OPTIONS: `--require ${join(__dirname, "cpu-profile.cjs")}`, BENCH_CPU_PROFILE_DIR: this.options.profileDir } : {};
    return { ...this.options.env, ...profile, STRANGLER_DATA_DIR: this.options.dataDir, NATS_URL: this.nats?.url, ...extra };
  }

  /** nats-server, the relay, the catalog backfill and the writer; the catalog service comes with `startCatalog`. */
  async start(writerSeed: number): Promise<void> {
    this.nats = await startNatsServer({ storeDir: join(this.options.dataDir, "nats"), searchPath: this.options.env.PATH });
    const relay = (this.relay = startChild({ name: "relay", entry: "scripts/stack/relay-main.ts", env: this.env() }, this.options.logDir));
    await relay.waitForLine((line) => line.includes('"message":"relay started"'), 60_000).catch((err: Error) => {
      throw new Error(`relay did not start: ${err.message}\n${relay.tail()}`);
    });
    const backfill = startChild({ name: "catalog-backfill", entry: "extracted/catalog/cli/backfill-main.ts", env: this.env({ NODE_OPTIONS: "" }) }, this.options.logDir);
    if ((await backfill.exited) !== 0) throw new Error(`catalog backfill failed:\n${backfill.tail()}`);
    await this.startWriter(writerSeed);
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

  private async startWriter(seed: number): Promise<void> {
    const env = this.env();
    const writer = (this.writer = fork(join(__dirname, "writer-main.ts"), [this.monolithFile, String(seed)], {
      execArgv: ["--import", "tsx"],
      env,
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    }));
    this.writerExit = new Promise((resolve) => writer.once("exit", (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      writer.once("message", () => resolve());
      void this.writerExit!.then((code) => reject(new Error(`the writer exited with ${code} before it was ready`)));
    });
    writer.on("message", (report: WriterReport) => this.writerAnswers.shift()?.(report));
  }

  /** Asks the writer to write; resolves with its report. */
  write(command: Exclude<WriterCommand, { cmd: "stop" }>): Promise<WriterReport> {
    const writer = this.writer;
    if (!writer) throw new Error("the writer does not run");
    return new Promise((resolve, reject) => {
      this.writerAnswers.push(resolve);
      void this.writerExit!.then((code) => reject(new Error(`the writer exited with ${code}`)));
      writer.send(command);
    });
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

  pids(): StackPids {
    const pid = (child: { process: ChildProcess } | ChildProcess | null, name: string) => {
      const value = child && ("process" in child ? child.process.pid : child.pid);
      if (!value) throw new Error(`${name} does not run`);
      return value;
    };
    return { writer: pid(this.writer, "writer"), relay: pid(this.relay, "relay"), catalog: pid(this.catalog, "catalog"), nats: childNamed(process.pid, "nats-server") };
  }

  /** Stops every part gracefully (a profiled part writes its profile then). */
  async stop(): Promise<void> {
    if (this.relay?.process.pid && this.relay.process.exitCode === null) this.freezeRelay(false);
    if (this.writer && this.writer.exitCode === null) {
      this.writer.send({ cmd: "stop" } satisfies WriterCommand);
      await this.writerExit;
    }
    await this.stopCatalog();
    await this.relay?.stop();
    await this.nats?.stop();
  }
}

const TICKS_PER_SECOND = 100;

/** utime + stime of one process from /proc/<pid>/stat, in ms (0 once it is gone). */
export function cpuMs(pid: number | null): number {
  if (pid === null) return 0;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}
