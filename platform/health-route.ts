import { Router } from "express";
import type { HttpError } from "./http-error";

/**
 * `GET /healthz`: 200 `{"status":"ok"}` when `probe` resolves (e.g. a `SELECT 1` on the
 * deployable's database), else the error `unavailable` builds (a 503 with the module's code).
 */
export function healthRoute(probe: () => Promise<unknown>, unavailable: () => HttpError): Router {
  const router = Router();
  router.get("/healthz", async (_req, res) => {
    try {
      await probe();
    } catch {
      throw unavailable();
    }
    res.json({ status: "ok" });
  });
  return router;
}
