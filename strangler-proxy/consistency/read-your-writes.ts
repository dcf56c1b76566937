import type { IncomingMessage } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { safeError, type Logger } from "../../platform";
import type { ReadYourWritesConfig, StickinessConfig, UpstreamConfig } from "../config/schema";
import type { ProxyMetrics } from "../metrics";
import { stickyKeyOf, type CompiledRoute, type Decision, type RequestView, type RouteTable } from "../routing";
import { consistentSide, type ConsistencyQuestion, type Side } from "./consistent-side";
import { SyncPositions } from "./sync-positions";
import { mergeWatermarks, UNKNOWN_POSITION, withEntry, type Watermark, type WatermarkEntry } from "./watermark";
import { WatermarkCookie } from "./watermark-cookie";
import { WatermarkStore } from "./watermark-store";

/** Methods that never write: their answers note no watermark, and only they are held for one. */
const READ_METHODS = new Set(["GET", "HEAD"]);
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS", "TRACE"]);

export interface ReadYourWritesOptions {
  config: Readonly<ReadYourWritesConfig>;
  /** Signs the watermark cookie; every instance that should read another's cookie needs the same. */
  secret: string;
  table: RouteTable;
  upstreams: readonly UpstreamConfig[];
  stickiness: Readonly<StickinessConfig>;
  metrics: ProxyMetrics;
  logger: Logger;
}

/**
 * Read-your-writes across the migration (docs/read-your-writes.md). After a write that an upstream
 * answered, the head of that upstream's change log is read (it is at or above the write's changes)
 * and kept as the client's watermark: in memory by sticky key, and in a signed cookie for the other
 * proxy instances. A later read of a route with `readYourWrites` may be served by the side the flag
 * chose only when that side has applied the other side's stream through the watermark (the
 * service's sync status: `appliedThroughPosition`); else it goes to the side that took the write
 * (`route-to-owner`), or waits up to `maxWaitMs` first (`wait`).
 */
export class ReadYourWrites {
  private readonly store: WatermarkStore;
  private readonly cookie: WatermarkCookie | null;
  private readonly positions: SyncPositions;
  /** Upstreams whose writes get a watermark: both sides of every route with the option. */
  private readonly watched = new Set<string>();

  /** Null when no route has the option: then nothing of this runs, for reads or writes. */
  static build(options: ReadYourWritesOptions): ReadYourWrites | null {
    const routes = options.table.routes.filter((route) => route.config.readYourWrites.mode !== "off");
    return routes.length === 0 ? null : new ReadYourWrites(options, routes);
  }

  private constructor(
    private readonly options: ReadYourWritesOptions,
    routes: readonly CompiledRoute[],
  ) {
    const { config } = options;
    this.store = new WatermarkStore(config.maxClients, config.ttlMs);
    this.cookie = config.cookie === false ? null : new WatermarkCookie(config.cookie, options.secret, config.ttlMs);
    for (const route of routes) this.watched.add(route.upstream).add(options.table.defaultUpstream);
    this.positions = new SyncPositions(
      options.upstreams
        .filter((upstream) => this.watched.has(upstream.name))
        .map((upstream) => ({
          name: upstream.name,
          headUrl: upstream.syncHeadUrl ? new URL(upstream.syncHeadUrl, upstream.url).href : undefined,
          statusUrl: upstream.syncStatusPath ? new URL(upstream.syncStatusPath, upstream.url).href : undefined,
        })),
      config.headTimeoutMs,
    );
  }

  /** The name of the proxy's own cookie (taken out of requests before they are forwarded), or null. */
  get cookieName(): string | null {
    return this.cookie?.name ?? null;
  }

  /**
   * Forward hook, when an upstream's answer arrived: for a write through a watched upstream, reads
   * that upstream's log head, keeps the client's new watermark and answers the cookie to add.
   */
  amendAnswer = (upstream: string, req: IncomingMessage): Promise<readonly string[]> | undefined => {
    if (SAFE_METHODS.has(req.method ?? "GET") || !this.watched.has(upstream) || !this.positions.hasHead(upstream)) return undefined;
    return this.noteWrite(upstream, req);
  };

  private async noteWrite(upstream: string, req: IncomingMessage): Promise<readonly string[]> {
    let entry: WatermarkEntry;
    try {
      const head = await this.positions.head(upstream);
      entry = { stream: head.stream, position: head.position };
    } catch (err) {
      // Unknown: only the side that took the write is sure to show it, until the watermark expires.
      entry = { stream: "", position: UNKNOWN_POSITION };
      this.options.metrics.countHeadFailure(upstream);
      this.options.logger.warn("log head unreadable after a write: the client's reads go to the side that took it until its watermark expires", { upstream, err: safeError(err) });
    }
    const view = { header: (name: string) => firstValue(req.headers[name]), clientAddress: req.socket.remoteAddress ?? "" };
    const key = stickyKeyOf(view, this.options.stickiness);
    const watermark = withEntry(mergeWatermarks(this.store.get(key), this.cookie?.read(view.header("cookie"))), upstream, entry);
    this.store.set(key, watermark);
    return this.cookie ? ["Set-Cookie", this.cookie.serialise(watermark)] : [];
  }

  /**
   * For a read of `route` decided `decision`: undefined when it may go there (no option, no
   * watermark, or the side is caught up; no I/O then), else the decision to use instead, at once
   * (`route-to-owner`) or after waiting (`wait`). The promise never rejects.
   */
  checkRead(route: CompiledRoute, decision: Decision, view: RequestView, req: IncomingMessage): Decision | Promise<Decision> | undefined {
    const { mode, maxWaitMs } = route.config.readYourWrites;
    if (mode === "off" || !READ_METHODS.has(view.method)) return undefined;
    const key = stickyKeyOf(view, this.options.stickiness);
    const watermark = mergeWatermarks(this.store.get(key), this.cookie?.read(view.header("cookie")));
    if (!watermark) return undefined;
    const question = this.question(route, decision.side, watermark);
    const answer = consistentSide(question);
    if (answer.fresh) return undefined;
    if (mode === "route-to-owner" || watermark[answer.upstream].position >= UNKNOWN_POSITION) {
      // The next reads find a fresher status.
      void this.positions.refresh(route.upstream);
      this.options.metrics.countConsistentRead(route.id, "redirected");
      return this.ownerDecision(route, answer.owner);
    }
    return this.waitFor(route, decision, question, maxWaitMs, req);
  }

  private question(route: CompiledRoute, side: Side, watermark: Watermark): ConsistencyQuestion {
    return {
      side,
      monolith: this.options.table.defaultUpstream,
      service: route.upstream,
      watermark,
      applied: (stream) => this.positions.appliedOf(route.upstream, stream),
    };
  }

  private async waitFor(route: CompiledRoute, decision: Decision, question: ConsistencyQuestion, maxWaitMs: number, req: IncomingMessage): Promise<Decision> {
    const started = performance.now();
    const waited = () => (performance.now() - started) / 1000;
    try {
      for (;;) {
        await this.positions.refresh(route.upstream);
        const answer = consistentSide(question);
        if (answer.fresh) {
          this.options.metrics.countConsistentRead(route.id, "waited", waited());
          return decision;
        }
        const left = maxWaitMs - (performance.now() - started);
        if (left <= 0 || req.destroyed) {
          this.options.metrics.countConsistentRead(route.id, "waited_then_owner", waited());
          return this.ownerDecision(route, answer.owner);
        }
        await sleep(Math.min(this.options.config.statusPollMs, left));
      }
    } catch (err) {
      this.options.logger.warn("read-your-writes wait failed: the read goes to the owner", { route: route.id, err: safeError(err) });
      return this.ownerDecision(route, question.side === "monolith" ? "service" : "monolith");
    }
  }

  private ownerDecision(route: CompiledRoute, owner: Side): Decision {
    return { routeId: route.id, upstream: owner === "monolith" ? this.options.table.defaultUpstream : route.upstream, side: owner };
  }
}

function firstValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
