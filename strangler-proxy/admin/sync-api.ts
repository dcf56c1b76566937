import { Router, type Request, type Response } from "express";
import { DISCARD_PATH, PARKED_PATH, REPLAY_PATH, syncStatusSchema, type OwnershipStatus, type StreamSyncStatus } from "../../contracts";
import type { Logger } from "../../platform";
import type { UpstreamConfig } from "../config/schema";
import { requester } from "./admin-lookups";
import { ProxyError, ProxyErrorCode } from "../errors";
import { callService, serviceOr404, syncServices, type SyncService } from "./service-call";
import { parkedQueryString, parseDiscardRequest, parseReplayRequest } from "./sync-request";

export interface SyncApiOptions {
  upstreams: readonly UpstreamConfig[];
  /** The monolith's upstream name: the target of a stream whose source is the service itself. */
  defaultUpstream: string;
  logger: Logger;
  /** Time a service has to answer its status (default 2000 ms: the dashboard asks every 2 s). */
  statusTimeoutMs?: number;
  /** Time a service has to list, replay or discard parked changes (default 30 s). */
  parkedTimeoutMs?: number;
}

/** One stream with the direction it carries changes in. */
export type StreamView = StreamSyncStatus & { from: string; to: string };

/** One service's entry of `GET /sync`: its status, or why it could not be read. */
export type ServiceSyncView =
  | { service: string; url: string; syncStatusPath: string; ok: true; streams: StreamView[]; ownership: OwnershipStatus[] }
  | { service: string; url: string; syncStatusPath: string; ok: false; error: { code: string; message: string } };

/**
 * Which way a stream carries changes. Streams are named `CDC_<SOURCE>` (cdc/nats): a service applies
 * the monolith's stream (monolith → service), and a service writing back applies its own stream to
 * the monolith (service → monolith).
 */
export function streamDirection(stream: string, service: string, defaultUpstream: string): { from: string; to: string } {
  const source = stream.replace(/^CDC_/, "").toLowerCase();
  return source === service ? { from: service, to: defaultUpstream } : { from: source, to: service };
}

/**
 * `GET /sync`, `GET /sync/:service/parked`, `POST /sync/:service/parked/replay` and
 * `POST /sync/:service/parked/discard`: the dashboard's view of the change-data sync. The proxy
 * knows the services only by URL (each upstream with a `syncStatusPath`); it reads and forwards,
 * and writes each replay and discard to its own log with the actor (the audit of those actions).
 */
export function syncApi(options: SyncApiOptions): Router {
  const { logger } = options;
  const services = syncServices(options.upstreams);
  const statusTimeoutMs = options.statusTimeoutMs ?? 2000;
  const parkedTimeoutMs = options.parkedTimeoutMs ?? 30_000;
  const router = Router();
  const requestIdOf = (res: Response): string | undefined => (typeof res.locals.requestId === "string" ? res.locals.requestId : undefined);

  const readOne = async (service: SyncService, requestId?: string): Promise<ServiceSyncView> => {
    const where = { service: service.service, url: service.url, syncStatusPath: service.syncStatusPath };
    try {
      const answer = await callService<unknown>(service, { method: "GET", path: service.syncStatusPath, timeoutMs: statusTimeoutMs, requestId });
      const parsed = syncStatusSchema.safeParse(answer);
      if (!parsed.success) {
        const problems = parsed.error.issues.map((issue) => `${issue.path.join(".") || "(body)"}: ${issue.message}`).slice(0, 5).join("; ");
        return { ...where, ok: false, error: { code: ProxyErrorCode.serviceRefused, message: `The ${service.service} service's sync status does not follow contracts/sync-status.ts (${problems})` } };
      }
      const streams = parsed.data.streams.map((stream) => ({ ...stream, ...streamDirection(stream.stream, service.service, options.defaultUpstream) }));
      return { ...where, ok: true, streams, ownership: parsed.data.ownership ?? [] };
    } catch (err) {
      if (err instanceof ProxyError) return { ...where, ok: false, error: { code: err.code, message: err.message } };
      throw err;
    }
  };

  router.get("/sync", async (_req, res) => {
    res.json({ services: await Promise.all(services.map((service) => readOne(service, requestIdOf(res)))) });
  });

  router.get("/sync/:service/parked", async (req, res) => {
    const service = serviceOr404(services, req.params.service);
    const path = `${PARKED_PATH}${parkedQueryString(req.query)}`;
    res.json(await callService<unknown>(service, { method: "GET", path, timeoutMs: parkedTimeoutMs, requestId: requestIdOf(res) }));
  });

  /** Runs a replay or discard and writes it to the log (info when done, warn when refused), with who asked. */
  const audited = async <T>(req: Request, res: Response, action: "replay" | "discard", detail: Record<string, unknown>, call: () => Promise<T>): Promise<T> => {
    const entry = { ...detail, sourceAddress: req.socket.remoteAddress, requestId: requestIdOf(res) };
    try {
      const result = await call();
      logger.info(action === "replay" ? "parked changes replayed" : "parked change discarded", { ...entry, result });
      return result;
    } catch (err) {
      logger.warn(action === "replay" ? "parked change replay failed" : "parked change discard failed", {
        ...entry,
        error: err instanceof ProxyError ? { code: err.code, message: err.message } : String(err),
      });
      throw err;
    }
  };

  router.post("/sync/:service/parked/replay", async (req, res) => {
    const service = serviceOr404(services, req.params.service);
    const body = parseReplayRequest(req.body);
    const actor = requester(req, body.actor).actor;
    const forwarded = "all" in body ? { all: true as const, ...(body.table ? { table: body.table } : {}) } : { key: body.key, ...(body.table ? { table: body.table } : {}) };
    const result = await audited(req, res, "replay", { service: service.service, ...forwarded, actor }, () =>
      callService<unknown>(service, { method: "POST", path: REPLAY_PATH, body: forwarded, timeoutMs: parkedTimeoutMs, requestId: requestIdOf(res) }),
    );
    res.json(result);
  });

  router.post("/sync/:service/parked/discard", async (req, res) => {
    const service = serviceOr404(services, req.params.service);
    const body = parseDiscardRequest(req.body);
    const actor = requester(req, body.actor).actor;
    const forwarded = {
      key: body.key,
      ...(body.table ? { table: body.table } : {}),
      ...(body.source ? { source: body.source } : {}),
      reason: body.reason,
      actor,
    };
    const result = await audited(req, res, "discard", { service: service.service, ...forwarded }, () =>
      callService<unknown>(service, { method: "POST", path: DISCARD_PATH, body: forwarded, timeoutMs: parkedTimeoutMs, requestId: requestIdOf(res) }),
    );
    res.json(result);
  });

  return router;
}
