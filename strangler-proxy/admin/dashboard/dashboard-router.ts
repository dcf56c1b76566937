import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Router, type Response } from "express";
import { ProxyError, ProxyErrorCode } from "../../errors";

/** The page's only sources are its own two files; nothing inline, no frames, no forms posted anywhere. */
export const DASHBOARD_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
  "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const FILES: ReadonlyArray<{ path: string; file: string; type: string }> = [
  { path: "/dashboard", file: "dashboard.html", type: "text/html; charset=utf-8" },
  { path: "/dashboard/app.js", file: "app.js", type: "text/javascript; charset=utf-8" },
  { path: "/dashboard/app.css", file: "app.css", type: "text/css; charset=utf-8" },
];

/**
 * `GET /dashboard` (+ its script and style sheet): the operator page of the admin listener. Served
 * without a token because it holds no data; every data call the page makes goes to the admin API
 * with the bearer token the operator types in. Anything else under `/dashboard/` is 404 JSON.
 */
export function dashboardRouter(folder: string = __dirname): Router {
  const router = Router();
  const cache = new Map<string, Buffer>();
  // Read on first use (not at start): the admin API keeps working even if the page's files are missing.
  const contentOf = (file: string): Buffer => {
    let content = cache.get(file);
    if (!content) {
      content = readFileSync(join(folder, file));
      cache.set(file, content);
    }
    return content;
  };
  const send = (res: Response, file: string, type: string) => {
    res.set({
      "content-type": type,
      "content-security-policy": DASHBOARD_CSP,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
      "x-frame-options": "DENY",
      "referrer-policy": "no-referrer",
    });
    res.send(contentOf(file));
  };

  for (const { path, file, type } of FILES) router.get(path, (_req, res) => send(res, file, type));
  router.use("/dashboard", (req, _res, next) => {
    next(new ProxyError(404, ProxyErrorCode.notFound, `No dashboard file ${req.originalUrl.split("?")[0]}; the page is at /dashboard`));
  });
  return router;
}
