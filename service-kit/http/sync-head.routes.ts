import { Router } from "express";
import { SYNC_HEAD_PATH, type SyncHead } from "../../contracts";
import { HttpError } from "../../platform";
import type { SyncErrorCodes } from "./sync-error-codes";

/** The head of the service's own change log (its relay's source), or null while sync is off. */
export type HeadSource = () => Promise<SyncHead | null>;

/**
 * `GET /internal/sync/head` (contracts/sync-status.ts): the highest position committed in the
 * service's own change log now. The proxy's read-your-writes reads it right after a write the
 * service answered (docs/read-your-writes.md); 503 while sync is off or the log cannot be read.
 */
export function syncHeadRoutes(codes: Pick<SyncErrorCodes, "syncUnavailable">, head: HeadSource): Router {
  const router = Router();
  router.get(SYNC_HEAD_PATH, async (_req, res) => {
    let answer: SyncHead | null;
    try {
      answer = await head();
    } catch {
      throw new HttpError(503, codes.syncUnavailable, "The service's change log cannot be read now; try again");
    }
    if (!answer) throw new HttpError(503, codes.syncUnavailable, "Sync is off in this process (NATS_URL unset or no monolith database): the service's change log has no relay");
    res.setHeader("cache-control", "no-store");
    res.json(answer);
  });
  return router;
}
