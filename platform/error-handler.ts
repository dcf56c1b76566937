import type { NextFunction, Request, Response } from "express";
import { HttpError } from "./http-error";
import type { Logger } from "./logger";

export interface ErrorCodes {
  /** Code for a request body that is not valid JSON (or too large). */
  malformedBody: string;
  /** Code for an unknown path. */
  notFound: string;
  /** Code for anything unexpected; answered as 500 without details. */
  internal: string;
}

/** 404 for every request no route answered. */
export function notFoundHandler(codes: Pick<ErrorCodes, "notFound">) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    next(new HttpError(404, codes.notFound, `No route for ${req.method} ${req.path}`));
  };
}

interface BodyParserError {
  type?: string;
  status?: number;
}

/**
 * Last middleware: turns any error into `{"error":{"code","message"}}` with the right status.
 * Unexpected errors are logged with their stack and answered as a bare 500: no stack reaches a client.
 */
export function errorHandler(logger: Logger, codes: ErrorCodes) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction): void => {
    let httpError: HttpError;
    const parserError = err as BodyParserError;
    if (err instanceof HttpError) {
      httpError = err;
    } else if (parserError?.type === "entity.parse.failed") {
      httpError = new HttpError(400, codes.malformedBody, "Request body is not valid JSON");
    } else if (parserError?.type === "entity.too.large") {
      httpError = new HttpError(413, codes.malformedBody, "Request body is too large");
    } else if (parserError?.type && typeof parserError.status === "number" && parserError.status < 500) {
      httpError = new HttpError(parserError.status, codes.malformedBody, "Request body could not be read");
    } else {
      logger.error("unhandled error", { err, method: req.method, path: req.path, requestId: res.locals.requestId });
      httpError = new HttpError(500, codes.internal, "Internal error");
    }
    if (res.headersSent) {
      res.destroy();
      return;
    }
    for (const [name, value] of Object.entries(httpError.headers ?? {})) res.setHeader(name, value);
    res.status(httpError.status).json(httpError.toBody());
  };
}
