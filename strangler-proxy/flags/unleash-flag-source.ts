import { Unleash, UnleashEvents, type ClientFeaturesResponse } from "unleash-client";
import type { Logger } from "../../platform";
import { BackupFile } from "./backup-file";
import type { FlagDefinition, FlagSource } from "./flag-source";

type Feature = ClientFeaturesResponse["features"][number];

export interface UnleashFlagSourceOptions {
  /** Unleash API base, e.g. `http://127.0.0.1:8081/api/` (the embedded store) or a real Unleash's `/api/`. */
  url: string;
  /** Sent as `Authorization` (a client API token). */
  token?: string;
  appName: string;
  instanceId: string;
  /** File with the last known flags, read at start when the source is down. */
  backupPath: string;
  /** `auto` polls and lets the server switch the client to streaming (header `fetch-mode: streaming`). */
  mode: "auto" | "streaming" | "polling";
  /** Polling interval; 0 turns fetching off (flags come from `bootstrap` or the backup only). */
  refreshIntervalMs: number;
  readyTimeoutMs: number;
  /** Timeout of one request (unleash-client also caps its retry back-off with it). */
  requestTimeoutMs?: number;
  /** Flags known before the first fetch. */
  bootstrap?: Feature[];
  logger: Logger;
}

/** Flags read with unleash-client: from the embedded flag store or a team's own Unleash, same flag names. */
export class UnleashFlagSource implements FlagSource {
  private readonly unleash: Unleash;
  private readonly listeners: Array<() => void> = [];
  private ready = false;
  private closed = false;
  private failure: { message: string; at: string } | undefined;
  /** What is known of each flag (the hot path asks on every request), read once per change of the flag set. */
  private readonly known = new Map<string, KnownFlag>();

  constructor(private readonly options: UnleashFlagSourceOptions) {
    const { url, token, appName, instanceId, backupPath, mode, refreshIntervalMs, requestTimeoutMs, bootstrap, logger } = options;
    this.unleash = new Unleash({
      url,
      appName,
      instanceId,
      refreshInterval: refreshIntervalMs,
      timeout: requestTimeoutMs,
      disableMetrics: true,
      disableAutoStart: true,
      skipInstanceCountWarning: true,
      customHeaders: token ? { Authorization: token } : undefined,
      storageProvider: new BackupFile<ClientFeaturesResponse>(backupPath),
      bootstrap: bootstrap ? { data: bootstrap } : undefined,
      experimentalMode: mode === "streaming" ? { type: "streaming" } : { type: "polling", format: "full" },
    });
    // Flag source trouble is logged, never thrown: routing keeps the last known flags.
    this.unleash.on(UnleashEvents.Error, (err: Error) => {
      this.failure = { message: err?.message ?? String(err), at: new Date().toISOString() };
      logger.warn("flag source error", { err: this.failure.message, url });
    });
    // winston formats before filtering, and unleash warns on every check before it is ready.
    const debug = logger.isLevelEnabled("debug");
    this.unleash.on(UnleashEvents.Warn, (message: unknown) => {
      if (debug) logger.debug("flag source warning", { message: String(message) });
    });
    this.unleash.on(UnleashEvents.Ready, () => {
      this.forget();
      this.ready = true;
    });
    this.unleash.on(UnleashEvents.Unchanged, () => {
      this.failure = undefined;
    });
    this.unleash.on(UnleashEvents.Changed, () => {
      this.forget();
      this.failure = undefined;
      for (const listener of this.listeners) listener();
    });
  }

  async start(): Promise<void> {
    const ready = new Promise<void>((resolve) => {
      if (this.ready) return resolve();
      this.unleash.once(UnleashEvents.Ready, () => resolve());
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), this.options.readyTimeoutMs);
    });
    this.unleash.start().catch((err: Error) => this.options.logger.warn("flag source did not start", { err: err.message }));
    const outcome = await Promise.race([ready, timeout]);
    clearTimeout(timer);
    if (outcome === "timeout") {
      this.options.logger.warn("flags not available yet: every route goes to the monolith until they arrive", {
        url: this.options.url,
        readyTimeoutMs: this.options.readyTimeoutMs,
      });
    }
  }

  isReady(): boolean {
    return this.ready;
  }

  lastError(): { message: string; at: string } | undefined {
    return this.failure;
  }

  isEnabled(flag: string, userId: string): boolean {
    try {
      return this.unleash.isEnabled(flag, { userId }, false);
    } catch {
      return false;
    }
  }

  fixedValue(flag: string): boolean | null {
    // Before the first flags arrive every answer is "off" but not fixed.
    return this.ready ? this.read(flag).fixed : null;
  }

  definition(flag: string): FlagDefinition | undefined {
    return this.read(flag).definition;
  }

  /** The flag's definition and fixed value, kept until the next change once flags are loaded (a failed read is not kept). */
  private read(flag: string): KnownFlag {
    const kept = this.ready ? this.known.get(flag) : undefined;
    if (kept) return kept;
    let known: KnownFlag;
    try {
      known = knownFlag(this.unleash.getFeatureToggleDefinition(flag));
    } catch {
      return { definition: undefined, fixed: null };
    }
    if (this.ready) this.known.set(flag, known);
    return known;
  }

  private forget(): void {
    this.known.clear();
  }

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.unleash.destroy();
    // STACK.md trap 8: a poll failing after destroy emits 'error' with nobody listening.
    this.unleash.on(UnleashEvents.Error, () => undefined);
    const internals = this.unleash as unknown as { repository?: { on(event: string, listener: () => void): void } };
    internals.repository?.on(UnleashEvents.Error, () => undefined);
  }
}

/** A flag as the hot path reads it: its definition, and its answer when it is the same for every user. */
interface KnownFlag {
  definition: FlagDefinition | undefined;
  fixed: boolean | null;
}

function knownFlag(feature: Feature | undefined): KnownFlag {
  if (!feature) return { definition: undefined, fixed: false };
  const rollout = rolloutOf(feature);
  const definition = Object.freeze({ name: feature.name, enabled: feature.enabled, rollout });
  // A flag with parents answers by theirs too: evaluated each time.
  if ((feature as Feature & { dependencies?: unknown[] }).dependencies?.length) return { definition, fixed: null };
  return { definition, fixed: rollout === 0 ? false : rollout === 100 ? true : null };
}

function rolloutOf(feature: Feature): number | null {
  if (!feature.enabled) return 0;
  const strategies = feature.strategies ?? [];
  if (strategies.length === 0 || strategies.some((s) => s.name === "default" && !(s.constraints?.length))) return 100;
  const rollouts = strategies.filter((s) => s.name === "flexibleRollout" && !(s.constraints?.length) && !(s.segments?.length));
  if (rollouts.length !== strategies.length || rollouts.length !== 1) return null;
  const rollout = Number(rollouts[0].parameters?.rollout);
  return Number.isFinite(rollout) ? rollout : null;
}
