import type { IncomingMessage, ServerResponse } from "node:http";
import { safeError, type Logger } from "../../platform";
import type { Breakers } from "../breaker";
import type { FallbackConfig } from "../config/schema";
import { ProxyErrorCode } from "../errors";
import { BodyCapture, hasBody } from "./body-capture";
import { fallbackVerdict, isRetryableMethod, NOT_COMMITTED_HEADER, type FallbackCause } from "./fallback-policy";
import type { ForwardHooks, Forwarder } from "./forwarder";
import type { ForwardedInfo } from "./header-hygiene";
import { answerJson } from "./json-answer";

/** Counts fallbacks (metrics). */
export type FallbackCounter = (routeId: string, upstream: string, cause: FallbackCause) => void;

interface Plan {
  routeId: string;
  upstream: string;
  config: Readonly<FallbackConfig>;
  body?: BodyCapture;
}

/** A request to a service, as the fallback needs it. */
export interface ServiceRequest {
  req: IncomingMessage;
  res: ServerResponse;
  routeId: string;
  upstream: string;
  config: Readonly<FallbackConfig>;
}

/**
 * Fallback to the monolith for routes served by a service: skips a service whose breaker is open,
 * retries on the monolith when the service fails before any response byte (within the rule of
 * `fallbackVerdict`), and feeds every upstream answer and failure to the breakers.
 */
export class Fallback {
  private readonly plans = new WeakMap<IncomingMessage, Plan>();
  private forwarder: Forwarder | undefined;

  constructor(
    private readonly breakers: Breakers,
    private readonly defaultUpstream: string,
    private readonly count: FallbackCounter,
    private readonly logger: Logger,
  ) {}

  /** The forwarder's hooks (the forwarder is built with them, then handed back with `attach`). */
  hooks(): ForwardHooks {
    return {
      // A 503 the service marks as not committed is a deliberate refusal (say, its write fence during
      // a cut-over), not a sign of ill health: it does not count towards opening the breaker.
      response: (upstream, _req, status, headers) => this.breakers.recordStatus(upstream, status, headers[NOT_COMMITTED_HEADER] === "1"),
      failure: (upstream, req, res, err, info) => {
        this.breakers.recordFailure(upstream);
        const plan = this.plans.get(req);
        if (!plan || plan.upstream !== upstream || !plan.config.enabled) return false;
        void this.retry(plan, req, res, err.code === "ECONNREFUSED" ? "connect-refused" : "no-answer", err.code ?? err.message, info);
        return true;
      },
      takeOver: (upstream, req, res, upstreamResponse, info) => {
        if (upstreamResponse.statusCode !== 503 || upstreamResponse.headers[NOT_COMMITTED_HEADER] !== "1") return false;
        const plan = this.plans.get(req);
        if (!plan || plan.upstream !== upstream || !plan.config.enabled) return false;
        // A write that may not be replayed gets the service's own answer: a 503 that says nothing
        // was committed (with its Retry-After) tells the client more than a 502 would.
        if (!isRetryableMethod(req.method ?? "GET") && req.headers["idempotency-key"] === undefined) return false;
        void this.retry(plan, req, res, "not-committed", "503 not committed", info);
        return true;
      },
    };
  }

  attach(forwarder: Forwarder): void {
    this.forwarder = forwarder;
  }

  /**
   * The upstream a service request goes to: the service, or the monolith while its breaker is open
   * (when the request may be retried). Answers 503 `PROXY_ERR_CIRCUIT_OPEN` itself and returns null
   * when it may not.
   */
  upstreamFor(request: ServiceRequest, requestId: string): string | null {
    const { req, res, routeId, upstream, config } = request;
    if (this.breakers.allows(upstream)) return upstream;
    const verdict = config.enabled ? fallbackVerdict(req.method ?? "GET", req.headers["idempotency-key"] !== undefined, "breaker-open", true) : { retry: false as const, reason: "fallback is disabled for the route" };
    if (verdict.retry) {
      this.count(routeId, upstream, "breaker-open");
      return this.defaultUpstream;
    }
    this.logger.warn("request refused", { code: ProxyErrorCode.circuitOpen, status: 503, route: routeId, upstream, reason: verdict.reason, requestId });
    answerJson(res, 503, ProxyErrorCode.circuitOpen, `Upstream "${upstream}" is skipped while its circuit breaker is open; ${verdict.reason}`, requestId);
    return null;
  }

  /** Remembers a request just forwarded to its service, keeping its body when it has one. */
  watch(request: ServiceRequest): void {
    const plan: Plan = { routeId: request.routeId, upstream: request.upstream, config: request.config };
    if (request.config.enabled && hasBody(request.req.headers)) {
      const req = request.req;
      this.forwarder?.tap(req, { onRequest: () => (plan.body = new BodyCapture(req, request.config.maxBodyBytes)) });
    }
    this.plans.set(request.req, plan);
  }

  private async retry(plan: Plan, req: IncomingMessage, res: ServerResponse, cause: FallbackCause, failure: string, info: ForwardedInfo): Promise<void> {
    try {
      if (plan.body && !req.readableEnded) {
        // A client waiting for 100 Continue that the failed service never sent would wait in vain.
        if (/100-continue/i.test(req.headers.expect ?? "") && !(res as ServerResponse & { _sent100?: boolean })._sent100 && !res.headersSent) res.writeContinue();
        // The failed upstream request unpiped the client's body: read the rest into the capture.
        req.resume();
        await plan.body.done;
      }
      const bodyKept = !plan.body || plan.body.complete();
      const verdict = fallbackVerdict(req.method ?? "GET", req.headers["idempotency-key"] !== undefined, cause, bodyKept);
      if (res.headersSent || res.destroyed) return;
      if (!verdict.retry) {
        this.logger.warn("service failed, request not retried", { code: ProxyErrorCode.notRetried, route: plan.routeId, upstream: plan.upstream, cause: failure, reason: verdict.reason, requestId: info.requestId });
        answerJson(res, 502, ProxyErrorCode.notRetried, `Upstream "${plan.upstream}" failed (${failure}); not retried: ${verdict.reason}`, info.requestId);
        return;
      }
      this.count(plan.routeId, plan.upstream, cause);
      this.logger.warn("service failed, answered by the monolith", { route: plan.routeId, upstream: plan.upstream, cause: failure, requestId: info.requestId });
      this.forwarder!.replay(req, res, this.defaultUpstream, plan.body?.bytes() ?? Buffer.alloc(0), info);
    } catch (err) {
      this.logger.error("fallback failed", { err: safeError(err), requestId: info.requestId });
      answerJson(res, 502, ProxyErrorCode.upstreamUnavailable, `Upstream "${plan.upstream}" is unavailable`, info.requestId);
    }
  }
}
