import type { NextFunction, Request, Response } from "express";
import type { Logger } from "./logger";

/** One log line per finished request: method, path, status, duration and the request id. */
export function requestLog(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    res.on("finish", () => {
      const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
      logger.info("request", {
        method: req.method,
        path: req.originalUrl.split("?")[0],
        status: res.statusCode,
        durationMs: Math.round(durationMs * 1000) / 1000,
        requestId: res.locals.requestId,
      });
    });
    next();
  };
}
