import type { Agent, IncomingMessage, ServerResponse } from "node:http";
import { safeError, type Logger } from "../../platform";
import type { Breakers } from "../breaker";
import type { RouteConfig, UpstreamConfig } from "../config/schema";
import { createDiffer, type Differ } from "../diff";
import { isRetryableMethod, upstreamAgent, upstreamEndpoint, type ForwardedInfo, type Forwarder, type ForwardingPolicy, type UpstreamEndpoint } from "../forward";
import { capturePrimary } from "./primary-capture";
import { sendCopy, type CopyResult, type RequestCopy } from "./send-copy";
import type { ComparisonRecord, ShadowLedger } from "./shadow-ledger";
import type { SkipReason } from "./shadow-stats";

/** One request the shadow path may mirror. */
export interface MirrorRequest {
  routeId: string;
  route: Readonly<RouteConfig>;
  req: IncomingMessage;
  res: ServerResponse;
  info: ForwardedInfo;
}

interface RouteState {
  inFlight: number;
  differ: Differ;
}

/**
 * Mirrors requests answered by the monolith to the route's service, off the critical path: sampling,
 * a concurrency cap and a timeout per route, the request and the primary's answer teed while they
 * stream, an optional second copy to the monolith as noise baseline, then the diff and the ledger.
 * `mirror` returns at once and never throws; everything after it runs on promises that cannot reject.
 */
export class ShadowMirror {
  private readonly routes = new Map<string, RouteState>();
  private readonly agents = new Map<string, Agent>();
  private readonly endpoints = new Map<string, UpstreamEndpoint>();

  constructor(
    upstreams: readonly UpstreamConfig[],
    private readonly defaultUpstream: string,
    private readonly forwarder: Forwarder,
    private readonly ledger: ShadowLedger,
    private readonly breakers: Breakers,
    private readonly logger: Logger,
    private readonly policy: ForwardingPolicy,
    private readonly random: () => number = Math.random,
  ) {
    for (const upstream of upstreams) {
      const endpoint = upstreamEndpoint(upstream);
      this.endpoints.set(upstream.name, endpoint);
      // Its own agents: shadow copies never take sockets from the primary path's pools.
      this.agents.set(upstream.name, upstreamAgent(endpoint, 64));
    }
  }

  mirror(request: MirrorRequest): void {
    try {
      const skip = this.admit(request);
      if (skip) return this.skip(request, skip);
      const state = this.stateOf(request);
      state.inFlight += 1;
      const primary = capturePrimary(this.forwarder, request.req, request.res, request.route.shadow.maxBodyBytes);
      void this.compare(request, primary)
        .catch((err: unknown) => this.logger.error("shadow comparison failed", { err: safeError(err), route: request.routeId, requestId: request.info.requestId }))
        .finally(() => (state.inFlight -= 1));
    } catch (err) {
      this.logger.error("shadow mirror failed", { err: safeError(err), route: request.routeId });
    }
  }

  close(): void {
    for (const agent of this.agents.values()) agent.destroy();
  }

  private admit({ route, req, routeId }: MirrorRequest): SkipReason | undefined {
    const config = route.shadow;
    if (!isRetryableMethod(req.method ?? "GET") && !config.mirrorWrites) return "write-not-mirrored";
    if (config.percent < 100 && this.random() * 100 >= config.percent) return "sampled-out";
    if (!this.breakers.allows(route.upstream)) return "breaker-open";
    if (Number(req.headers["content-length"] ?? 0) > config.maxBodyBytes) return "request-too-large";
    if ((this.routes.get(routeId)?.inFlight ?? 0) >= config.maxConcurrent) return "concurrency";
    return undefined;
  }

  private async compare(request: MirrorRequest, primary: ReturnType<typeof capturePrimary>): Promise<void> {
    const { route, req } = request;
    const config = route.shadow;
    const body = await primary.requestBody();
    if (body === null) return this.skip(request, "request-too-large");
    const copy: RequestCopy = { method: req.method ?? "GET", rawHeaders: req.rawHeaders, body, info: request.info };
    const baselineWanted = route.diff.noiseBaseline && isRetryableMethod(copy.method);
    const [candidate, baseline] = await Promise.all([
      this.send(route.upstream, copy, config.timeoutMs, config.maxBodyBytes),
      baselineWanted ? this.send(this.defaultUpstream, copy, config.timeoutMs, config.maxBodyBytes) : Promise.resolve(undefined),
    ]);
    if (candidate.ok) this.breakers.recordStatus(route.upstream, candidate.response.status);
    else if (!candidate.tooLarge) this.breakers.recordFailure(route.upstream);
    const primaryResponse = await primary.response();
    if (!primaryResponse) return this.skip(request, "primary-failed");
    if (primaryResponse.truncated) return this.skip(request, "response-too-large");
    if (!candidate.ok) {
      if (candidate.tooLarge) return this.skip(request, "response-too-large");
      return this.ledger.record({ ...this.summary(request), outcome: "errored", primary: primaryResponse, error: candidate.error });
    }
    const result = this.stateOf(request).differ.diff(primaryResponse, candidate.response, baseline?.ok ? baseline.response : undefined);
    this.ledger.record({
      ...this.summary(request),
      outcome: result.differences.length === 0 ? "matched" : "mismatched",
      differences: result.differences,
      noise: result.noise,
      primary: primaryResponse,
      candidate: candidate.response,
    });
  }

  private send(upstream: string, copy: RequestCopy, timeoutMs: number, maxBodyBytes: number): Promise<CopyResult> {
    return sendCopy(this.endpoints.get(upstream)!, this.agents.get(upstream)!, this.policy, copy, timeoutMs, maxBodyBytes);
  }

  private skip(request: MirrorRequest, reason: SkipReason): void {
    this.ledger.record({ ...this.summary(request), outcome: "skipped", skipReason: reason });
  }

  private summary(request: MirrorRequest): Pick<ComparisonRecord, "routeId" | "requestId" | "method" | "path"> {
    return { routeId: request.routeId, requestId: request.info.requestId, method: request.req.method ?? "GET", path: request.req.url ?? "/" };
  }

  private stateOf(request: MirrorRequest): RouteState {
    let state = this.routes.get(request.routeId);
    if (!state) {
      state = { inFlight: 0, differ: createDiffer(request.route.diff, this.ledger.statsOf(request.routeId).noisyPaths) };
      this.routes.set(request.routeId, state);
    }
    return state;
  }
}
