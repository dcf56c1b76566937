import express, { Router } from "express";
import { z } from "zod";
import type { DiscardAudit, DiscardResult, ParkedChange, ParkedFilter, ReplayResult } from "../../cdc";
import { DISCARD_PATH, PARKED_PATH, REPLAY_PATH, type DiscardAnswer, type ParkedAnswer, type ParkedChangeView, type ReplayAnswer } from "../../contracts";
import { HttpError, type FieldIssue } from "../../platform";
import { parseInput } from "./parse-input";
import type { SyncErrorCodes } from "./sync-error-codes";

/** The running consumer's parked changes (ChangeConsumer has this shape); null while sync is off. */
export interface ParkedChanges {
  listParked(filter?: ParkedFilter): Promise<ParkedChange[]>;
  replayParked(filter?: ParkedFilter): Promise<ReplayResult>;
  discardParked(filter: ParkedFilter & { key: string }, audit: DiscardAudit): Promise<DiscardResult>;
}

export type ParkedSource = () => ParkedChanges | null;

// Tables keyed on `id` (the convention): a bare number is the key `{"id":N}` as the consumer stores it.
const keyText = z
  .string()
  .min(1)
  .max(500)
  .transform((key) => (/^\d+$/.test(key) ? JSON.stringify({ id: Number(key) }) : key));

const name = z.string().min(1).max(200);

const listQuery = z.object({ table: name.optional(), key: keyText.optional(), source: name.optional() });

const replayBody = z.union([
  z.strictObject({ all: z.literal(true), table: z.string().min(1).optional() }),
  z.strictObject({ key: keyText, table: z.string().min(1).optional() }),
]);

// The same body the proxy's `POST /sync/:service/parked/discard` forwards (strangler-proxy/admin/sync-request.ts).
const discardBody = z.strictObject({
  key: keyText,
  table: name.optional(),
  source: name.optional(),
  reason: z.string().trim().min(1, "say why the change is dropped (it is kept in the audit)").max(1000),
  actor: z.string().trim().min(1).max(200).optional(),
});

const view = (change: ParkedChange): ParkedChangeView => ({
  source: change.source,
  position: change.position,
  table: change.table,
  key: change.key,
  op: change.event.op,
  reason: change.reason,
  attempts: change.attempts,
  firstFailedAt: change.firstFailedAt,
  lastFailedAt: change.lastFailedAt,
  committedAt: change.event.committedAt,
});

/**
 * `GET /internal/sync/parked[?table=&key=&source=]` lists the changes the consumer parked; `POST
 * /internal/sync/parked/replay` `{"key": "7" | "{\"id\":7}", "table"?}` or `{"all": true}` makes the
 * running consumer apply them again (it holds the rows' order, so replay goes through it, not around it);
 * `POST /internal/sync/parked/discard` `{"key", "table"?, "source"?, "reason", "actor"?}` drops a
 * row's parked changes for good (its first one and those held behind it), each written to
 * `_strangler_discarded_changes` with the reason and actor → `{service, discarded, stillParked}`
 * (`stillParked`: every parked change left in this service).
 */
export function parkedRoutes(service: string, codes: SyncErrorCodes, parked: ParkedSource): Router {
  const router = Router();
  const invalid = (fields: FieldIssue[]) => new HttpError(400, codes.validation, `Invalid input: ${fields.map((issue) => issue.field).join(", ")}`, fields);
  const consumerOr503 = (): ParkedChanges => {
    const consumer = parked();
    if (!consumer) throw new HttpError(503, codes.syncUnavailable, `Sync is not running in this ${service} process (NATS_URL is not set)`);
    return consumer;
  };

  router.get(PARKED_PATH, async (req, res) => {
    const filter: ParkedFilter = parseInput(listQuery, req.query, "query", invalid);
    const changes = await consumerOr503().listParked(filter);
    const answer: ParkedAnswer = { service, parked: changes.map(view) };
    res.json(answer);
  });

  router.post(REPLAY_PATH, express.json({ limit: "16kb" }), async (req, res) => {
    const body = parseInput(replayBody, req.body, "body", invalid);
    const filter: ParkedFilter = "key" in body ? { key: body.key, table: body.table } : { table: body.table };
    const result = await consumerOr503().replayParked(filter);
    const answer: ReplayAnswer = { service, replayed: result.replayed, stillParked: result.stillParked };
    res.json(answer);
  });

  router.post(DISCARD_PATH, express.json({ limit: "16kb" }), async (req, res) => {
    const body = parseInput(discardBody, req.body, "body", invalid);
    const consumer = consumerOr503();
    const filter = { key: body.key, ...(body.table ? { table: body.table } : {}), ...(body.source ? { source: body.source } : {}) };
    // A bare key can name rows of several tables, or the same row in both directions: destructive, so it must say which.
    const rows = [...new Set((await consumer.listParked(filter)).map((change) => `${change.source}:${change.table}`))];
    if (rows.length > 1) {
      throw new HttpError(
        409,
        codes.discardAmbiguous,
        `Key ${body.key} has parked changes in more than one place (${rows.join(", ")}, as source:table): give "table" and/or "source" to say which; nothing was discarded`,
      );
    }
    const actor = body.actor ?? req.get("x-actor") ?? "unknown";
    const result = await consumer.discardParked(filter, { reason: body.reason, actor });
    const answer: DiscardAnswer = { service, discarded: result.discarded, stillParked: result.stillParked };
    res.json(answer);
  });

  return router;
}
