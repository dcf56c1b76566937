import { childNamed } from "../proc-children";
import { startNatsServer, type RunningNatsServer } from "../../../cdc";
import { startChild, type RunningChild } from "../../stack/child-process";
import { waitReady } from "../../stack/wait-ready";

export interface ToolkitOptions {
  /** STRANGLER_DATA_DIR: the monolith's file is there; catalog.sqlite and the relay's progress file go there. */
  dataDir: string;
  /** Each child's output goes to `<logDir>/<name>.log` (appended across restarts), as under `npm start`. */
  logDir: string;
  /** JetStream store, kept across restarts (the streams and durable consumers live on). */
  natsStoreDir: string;
  /** The environment every child gets (the bench's, without settings of its own). */
  env: NodeJS.ProcessEnv;
  catalogPort: number;
  adminToken: string;
}

/** Process ids of the running toolkit, for their CPU. */
export interface ToolkitPids {
  relay: number;
  catalog: number;
  nats: number | null;
}

/**
 * The toolkit's processes exactly as `npm start` runs them (scripts/stack/start.ts), minus the
 * proxy: nats-server, the monolith's relay (`scripts/stack/relay-main.ts`), the catalog backfill
 * (the first time only) and the catalog service with both sync directions and its ownership keeper.
 * `start` brings them up with extra relay settings, `stop` takes them all down again.
 */
export class Toolkit {
  private nats: RunningNatsServer | null = null;
  private children: RunningChild[] = [];
  private backfilled = false;
  /** What runs now: a label of the relay settings, null when stopped. */
  running: string | null = null;
  relayStartedAt = 0;

  constructor(private readonly options: ToolkitOptions) {}

  get catalogUrl(): string | null {
    return this.running === null ? null : `http://127.0.0.1:${this.options.catalogPort}`;
  }

  async start(label: string, relaySettings: Record<string, string>): Promise<void> {
    if (this.running === label) return;
    await this.stop();
    const { dataDir, logDir, env } = this.options;
    this.nats = await startNatsServer({ storeDir: this.options.natsStoreDir, searchPath: env.PATH });
    const shared = { ...env, STRANGLER_DATA_DIR: dataDir, NATS_URL: this.nats.url };
    try {
      this.relayStartedAt = Date.now();
      const relay = this.spawn({ name: "relay", entry: "scripts/stack/relay-main.ts", env: { ...shared, ...relaySettings } });
      await relay.waitForLine((line) => line.includes('"message":"relay started"'), 60_000).catch((err: Error) => {
        throw new Error(`relay did not start: ${err.message}\n${relay.tail()}`);
      });
      if (!this.backfilled) {
        const backfill = startChild({ name: "catalog-backfill", entry: "extracted/catalog/cli/backfill-main.ts", env: shared }, logDir);
        if ((await backfill.exited) !== 0) throw new Error(`catalog backfill failed:\n${backfill.tail()}`);
        this.backfilled = true;
      }
      const catalog = this.spawn({
        name: "catalog",
        entry: "extracted/catalog/main.ts",
        env: { ...shared, CATALOG_PORT: String(this.options.catalogPort), SHOP_ADMIN_TOKEN: this.options.adminToken },
      });
      await waitReady(`http://127.0.0.1:${this.options.catalogPort}/healthz`, 60_000, catalog.exited).catch((err: Error) => {
        throw new Error(`catalog did not start: ${err.message}\n${catalog.tail()}`);
      });
      this.running = label;
    } catch (err) {
      await this.stop();
      throw err;
    }
  }

  async stop(): Promise<void> {
    for (const child of this.children.splice(0).reverse()) await child.stop();
    await this.nats?.stop();
    this.nats = null;
    this.running = null;
  }

  pids(): ToolkitPids | null {
    const [relay, catalog] = this.children;
    if (!relay?.process.pid || !catalog?.process.pid) return null;
    return { relay: relay.process.pid, catalog: catalog.process.pid, nats: childNamed(process.pid, "nats-server") };
  }

  private spawn(deployable: Parameters<typeof startChild>[0]): RunningChild {
    const child = startChild(deployable, this.options.logDir);
    this.children.push(child);
    return child;
  }
}
