import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startNatsServer, type RunningNatsServer } from "../../cdc";
import { redactDatabaseUrl } from "../../platform";
import { catalogProxyConfig } from "../catalog/catalog-proxy-config";
import { freePort } from "../free-port";
import { tempDir, type TempDir } from "../temp-dir";
import { runProcess, type ProcessRun } from "./managed-process";
import { START_TIMEOUT_MS, waitHttpOk } from "./wait-http";

/** The parts the harness runs as processes of their own (nats-server is launched by `startNatsServer`). */
export type PartName = "monolith" | "relay" | "catalog" | "proxy";

export interface FaultStackOptions {
  /** Seed size of the sample shop (small: the suite is about faults, not volume). */
  categories: number;
  products: number;
  /**
   * The monolith's PostgreSQL database (an empty one: the seed migrates and fills it), given to every
   * part and command as MONOLITH_DATABASE_URL. Unset: the SQLite file `monolith.sqlite` in the data folder.
   */
  monolithDatabaseUrl?: string;
}

/** Told when a part exits without the harness having killed or stopped it. */
export type UnexpectedExit = (part: PartName, how: string, tail: string) => void;

const ENTRY: Record<PartName, string> = {
  monolith: "monolith/main.ts",
  relay: "scripts/stack/relay-main.ts",
  catalog: "extracted/catalog/main.ts",
  proxy: "strangler-proxy/main.ts",
};

const token = () => randomBytes(18).toString("hex");
const LISTEN_FAILED = /EADDRINUSE|PLATFORM_ERR_LISTEN|address already in use/i;

/**
 * The whole toolkit as `npm start` composes it, each part a process of its own on free loopback
 * ports in one temp data folder: nats-server (own store), the seeded monolith, the monolith's relay,
 * the catalog backfill (once), the catalog service (both consumers, its relay, the ownership keeper;
 * apply journals on) and the proxy on a route table file. Every part can be SIGKILLed and started
 * again exactly as a user would restart it: same command, same environment, same ports and files.
 */
export class FaultStack {
  readonly adminToken = token();
  readonly shopToken = token();
  readonly logDir: string;
  readonly routeTablePath: string;
  nats!: RunningNatsServer;
  private readonly runs = new Map<PartName, ProcessRun>();
  private readonly meantToExit = new WeakSet<ProcessRun>();
  private unexpected: UnexpectedExit | undefined;
  /** Unexpected exits before anyone listened (a part that died while the stack was still starting). */
  private readonly unheard: Array<Parameters<UnexpectedExit>> = [];
  private closing = false;

  private constructor(
    readonly dir: TempDir,
    readonly ports: { nats: number; monolith: number; catalog: number; proxy: number; admin: number },
    /** MONOLITH_DATABASE_URL of every part, or undefined for `monolith.sqlite` in the data folder. */
    readonly monolithDatabaseUrl: string | undefined,
  ) {
    this.logDir = join(dir.path, "logs");
    mkdirSync(this.logDir, { recursive: true });
    this.routeTablePath = join(dir.path, "strangler.config.json");
  }

  static async start(options: FaultStackOptions, log: (line: string) => void = () => undefined): Promise<FaultStack> {
    const dir = tempDir("strangler-faults-");
    const ports = { nats: await freePort(), monolith: await freePort(), catalog: await freePort(), proxy: await freePort(), admin: await freePort() };
    const stack = new FaultStack(dir, ports, options.monolithDatabaseUrl);
    try {
      await stack.boot(options, log);
      return stack;
    } catch (err) {
      await stack.close(false);
      throw err;
    }
  }

  get monolithUrl(): string {
    return `http://127.0.0.1:${this.ports.monolith}`;
  }
  get catalogUrl(): string {
    return `http://127.0.0.1:${this.ports.catalog}`;
  }
  get proxyUrl(): string {
    return `http://127.0.0.1:${this.ports.proxy}`;
  }
  get adminUrl(): string {
    return `http://127.0.0.1:${this.ports.admin}`;
  }
  get natsUrl(): string {
    return `nats://127.0.0.1:${this.ports.nats}`;
  }
  file(name: string): string {
    return join(this.dir.path, name);
  }

  /** The monolith's database as a harness opens it directly: its PostgreSQL URL, or its SQLite file. */
  get monolithDatabase(): string {
    return this.monolithDatabaseUrl ?? this.file("monolith.sqlite");
  }

  /** The catalog service's own database (a SQLite file whatever the monolith's). */
  get catalogDatabase(): string {
    return this.file("catalog.sqlite");
  }

  /** The environment of the `strangler` CLI, as an operator of this stack sets it. */
  cliEnv(): NodeJS.ProcessEnv {
    return {
      ...this.baseEnv(),
      STRANGLER_ADMIN_URL: this.adminUrl,
      STRANGLER_ADMIN_TOKEN: this.adminToken,
      STRANGLER_DATA_DIR: this.dir.path,
      STRANGLER_CONFIG: this.routeTablePath,
      CATALOG_PORT: String(this.ports.catalog),
      MONOLITH_PORT: String(this.ports.monolith),
    };
  }

  /** The current run of a part. */
  run(part: PartName): ProcessRun {
    const run = this.runs.get(part);
    if (!run) throw new Error(`${part} was never started`);
    return run;
  }

  /** Tells `listener` of every part that exits without being killed or stopped, those before it listened first. */
  onUnexpectedExit(listener: UnexpectedExit): void {
    this.unexpected = listener;
    for (const exit of this.unheard.splice(0)) listener(...exit);
  }

  /** SIGKILL, as `kill -9 <pid>` does; resolves once the process is gone. */
  async kill9(part: PartName): Promise<void> {
    const run = this.run(part);
    this.meantToExit.add(run);
    await run.kill9();
  }

  /** Starts a part again with the same command and environment, and waits until it is ready. */
  async restart(part: PartName): Promise<void> {
    const run = this.runs.get(part);
    if (run && !run.hasExited) throw new Error(`${part} is still running`);
    await this.startPart(part);
  }

  async killNats(): Promise<void> {
    await this.nats.kill9();
  }

  /** nats-server again on the same store and port. */
  async restartNats(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        this.nats = await startNatsServer({ storeDir: this.file("nats"), port: this.ports.nats, searchPath: process.env.PATH, readyTimeoutMs: START_TIMEOUT_MS });
        return;
      } catch (err) {
        if (attempt >= 5 || !LISTEN_FAILED.test(String(err))) throw err;
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  }

  /** Stops every part (SIGTERM), nats-server last; removes the data folder when `removeData`. */
  async close(removeData = true): Promise<void> {
    this.closing = true;
    for (const part of ["proxy", "catalog", "relay", "monolith"] as const) {
      const run = this.runs.get(part);
      if (run && !run.hasExited) await run.stop(10_000);
    }
    await this.nats?.stop().catch(() => undefined);
    if (removeData) this.dir.remove();
  }

  /** What every part and command gets: the user's basics, and the monolith's database when it is PostgreSQL. */
  private baseEnv(): NodeJS.ProcessEnv {
    const { PATH, HOME, LANG, TMPDIR } = process.env;
    const base: NodeJS.ProcessEnv = Object.fromEntries(Object.entries({ PATH, HOME, LANG, TMPDIR }).filter(([, value]) => value !== undefined));
    if (this.monolithDatabaseUrl !== undefined) base.MONOLITH_DATABASE_URL = this.monolithDatabaseUrl;
    return base;
  }

  private envOf(part: PartName): NodeJS.ProcessEnv {
    const shared = { ...this.baseEnv(), STRANGLER_DATA_DIR: this.dir.path, SHOP_ADMIN_TOKEN: this.shopToken };
    switch (part) {
      case "monolith":
        return { ...shared, MONOLITH_PORT: String(this.ports.monolith), LOG_LEVEL: "warn" };
      case "relay":
        return { ...shared, NATS_URL: this.natsUrl, LOG_LEVEL: "info" };
      case "catalog":
        return {
          ...shared,
          CATALOG_PORT: String(this.ports.catalog),
          NATS_URL: this.natsUrl,
          STRANGLER_ADMIN_URL: this.adminUrl,
          STRANGLER_ADMIN_TOKEN: this.adminToken,
          STRANGLER_SYNC_JOURNAL: "on",
          LOG_LEVEL: "info",
        };
      case "proxy":
        return {
          ...shared,
          PROXY_PORT: String(this.ports.proxy),
          ADMIN_PORT: String(this.ports.admin),
          STRANGLER_ADMIN_TOKEN: this.adminToken,
          STRANGLER_CONFIG: this.routeTablePath,
          LOG_LEVEL: "warn",
        };
    }
  }

  private async boot(options: FaultStackOptions, log: (line: string) => void): Promise<void> {
    this.nats = await startNatsServer({ storeDir: this.file("nats"), port: this.ports.nats, searchPath: process.env.PATH, readyTimeoutMs: START_TIMEOUT_MS });
    log(`nats-server ${this.natsUrl} (store ${this.file("nats")})`);

    const seedArgs = ["--categories", String(options.categories), "--products", String(options.products), "--customers", "3", "--orders", "5"];
    await this.runOnce("seed", "scripts/seed/seed-monolith.ts", seedArgs, { ...this.baseEnv(), STRANGLER_DATA_DIR: this.dir.path });
    await this.startPart("monolith");
    log(`monolith    ${this.monolithUrl} on ${redactDatabaseUrl(this.monolithDatabase)}`);
    await this.startPart("relay");
    log(`relay       ${this.monolithDatabaseUrl === undefined ? "monolith.sqlite" : "strangler.changes"} → CDC_MONOLITH`);
    await this.runOnce("catalog-backfill", "extracted/catalog/cli/backfill-main.ts", [], this.envOf("catalog"));
    await this.startPart("catalog");
    log(`catalog     ${this.catalogUrl} (both consumers, its relay, the keeper; apply journals on)`);
    this.writeRouteTable();
    await this.startPart("proxy");
    log(`proxy       ${this.proxyUrl}, admin ${this.adminUrl}`);
  }

  /** The shipped route table on this stack's ports; the catalog's breaker cools down in 1 s so a restarted catalog is used again soon. */
  private writeRouteTable(): void {
    const config = catalogProxyConfig(this.monolithUrl, this.catalogUrl) as { upstreams: Array<Record<string, unknown>>; routes: Array<Record<string, unknown>> };
    config.upstreams = config.upstreams.map((upstream) => (upstream.name === "catalog" ? { ...upstream, breaker: { failureThreshold: 5, coolDownMs: 1000 } } : upstream));
    const writeRoutes = config.routes.filter((route) => route.writes === true && route.group === "catalog-writes");
    if (writeRoutes.length === 0) throw new Error("the shipped route table has no write routes in group catalog-writes");
    writeFileSync(this.routeTablePath, JSON.stringify(config, null, 2));
  }

  private async runOnce(name: string, entry: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
    const run = runProcess({ name, args: ["--import", "tsx", entry, ...args], env, logDir: this.logDir });
    const how = await run.exited;
    if (how !== "0") throw new Error(`${name} failed (${how}):\n${run.tail()}\n(log: ${run.logFile})`);
  }

  private async startPart(part: PartName): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const run = runProcess({ name: part, args: ["--import", "tsx", ENTRY[part]], env: this.envOf(part), logDir: this.logDir });
      this.runs.set(part, run);
      try {
        await this.ready(part, run);
        void run.exited.then((how) => {
          if (this.closing || this.meantToExit.has(run)) return;
          if (this.unexpected) this.unexpected(part, how, run.tail());
          else this.unheard.push([part, how, run.tail()]);
        });
        return;
      } catch (err) {
        this.meantToExit.add(run);
        await run.kill9();
        // A client's outgoing connection can hold a free port for a moment: try again, as a user would.
        if (attempt >= 5 || !LISTEN_FAILED.test(run.lines.join("\n"))) throw err;
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  }

  private async ready(part: PartName, run: ProcessRun): Promise<void> {
    switch (part) {
      case "monolith":
        return waitHttpOk(`${this.monolithUrl}/healthz`, run);
      case "relay":
        await run.waitForLine((line) => line.includes('"message":"relay started"'), START_TIMEOUT_MS).catch((err: unknown) => {
          throw new Error(`relay did not start: ${(err as Error).message}\n${run.tail()}\n(log: ${run.logFile})`);
        });
        return;
      case "catalog":
        return waitHttpOk(`${this.catalogUrl}/healthz`, run);
      case "proxy":
        return waitHttpOk(`${this.adminUrl}/readyz`, run, { authorization: `Bearer ${this.adminToken}` });
    }
  }
}
