import express, { Router } from "express";
import { z } from "zod";
import type { ParkedChange, ParkedFilter, ReplayResult } from "../../../cdc";
import { CATALOG_ERROR_CODES, CatalogError } from "../errors";
import { parseInput } from "./parse-input";

/** The running consumer's parked changes (ChangeConsumer has this shape); null while sync is off. */
export interface ParkedChanges {
  listParked(filter?: ParkedFilter): Promise<ParkedChange[]>;
  replayParked(filter?: ParkedFilter): Promise<ReplayResult>;
}

export type ParkedSource = () => ParkedChanges | null;

/** Paths of the parked-change endpoints (beside `GET /internal/sync/status`). */
export const PARKED_PATH = "/internal/sync/parked";
export const REPLAY_PATH = "/internal/sync/parked/replay";

// The catalog's tables key on `id`, so a bare number is the key `{"id":N}` as the consumer stores it.
const keyText = z
  .string()
  .min(1)
  .transform((key) => (/^\d+$/.test(key) ? JSON.stringify({ id: Number(key) }) : key));

const listQuery = z.object({ table: z.string().min(1).optional(), key: keyText.optional() });

const replayBody = z.union([
  z.strictObject({ all: z.literal(true), table: z.string().min(1).optional() }),
  z.strictObject({ key: keyText, table: z.string().min(1).optional() }),
]);

function consumerOr503(parked: ParkedSource): ParkedChanges {
  const consumer = parked();
  if (!consumer) throw new CatalogError(503, CATALOG_ERROR_CODES.syncUnavailable, "Sync is not running in this catalog process (NATS_URL is not set)");
  return consumer;
}

const view = (change: ParkedChange) => ({
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
 * `GET /internal/sync/parked[?table=&key=]` lists the changes the consumer parked; `POST
 * /internal/sync/parked/replay` `{"key": "7" | "{\"id\":7}", "table"?}` or `{"all": true}` makes the
 * running consumer apply them again (it holds the rows' order, so replay goes through it, not around it).
 */
export function parkedRoutes(service: string, parked: ParkedSource): Router {
  const router = Router();

  router.get(PARKED_PATH, async (req, res) => {
    const filter: ParkedFilter = parseInput(listQuery, req.query, "query");
    const changes = await consumerOr503(parked).listParked(filter);
    res.json({ service, parked: changes.map(view) });
  });

  router.post(REPLAY_PATH, express.json({ limit: "16kb" }), async (req, res) => {
    const body = parseInput(replayBody, req.body, "body");
    const filter: ParkedFilter = "key" in body ? { key: body.key, table: body.table } : { table: body.table };
    const result = await consumerOr503(parked).replayParked(filter);
    res.json({ service, ...result });
  });

  return router;
}
