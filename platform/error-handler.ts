import type { NextFunction, Request, Response } from "express";
import { HttpError } from "./http-error";
import type { Logger } from "./logger";
import { safeError, safeErrorMessage } from "./safe-error";
import { isWriteFencedError, writeFencedAnswer } from "./write-fenced";

export interface ErrorCodes {
  /** Code for a request body that is not valid JSON (or too large). */
  malformedBody: string;
  /** Code for an unknown path. */
  notFound: string;
  /** Code for anything unexpected; answered as 500 without details. */
  internal: string;
  /**
   * Code for a write the database refused because its table is fenced (a write cut-over): answered
   * 503 + `Retry-After: 1` + `x-strangler-not-committed: 1`. Unset: such an error is a 500.
   */
  writeFenced?: string;
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
 * The answer to an error of Express's body parser, with `code`: 400 for a body that is not valid
 * JSON, 413 for one over the limit, the parser's own 4xx otherwise; undefined for any other error.
 */
export function bodyParserError(err: unknown, code: string): HttpError | undefined {
  const parser = err as BodyParserError | undefined;
  if (parser?.type === "entity.parse.failed") return new HttpError(400, code, "Request body is not valid JSON");
  if (parser?.type === "entity.too.large") return new HttpError(413, code, "Request body is too large");
  if (parser?.type && typeof parser.status === "number" && parser.status < 500) return new HttpError(parser.status, code, "Request body could not be read");
  return undefined;
}

/**
 * Last middleware: turns any error into `{"error":{"code","message"}}` with the right status.
 * Unexpected errors are logged with their stack (as `safeError`: a failed query's values redacted) and
 * answered as a bare 500: no stack, SQL or value reaches a client.
 */
export function errorHandler(logger: Logger, codes: ErrorCodes) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction): void => {
    let httpError: HttpError;
    const parserError = bodyParserError(err, codes.malformedBody);
    if (err instanceof HttpError) {
      httpError = err;
    } else if (parserError) {
      httpError = parserError;
    } else if (codes.writeFenced && isWriteFencedError(err)) {
      logger.warn("write refused by the write fence", { reason: safeErrorMessage(err), method: req.method, path: req.path, requestId: res.locals.requestId });
      httpError = writeFencedAnswer(codes.writeFenced);
    } else {
      logger.error("unhandled error", { err: safeError(err), method: req.method, path: req.path, requestId: res.locals.requestId });
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
