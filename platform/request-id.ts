import { randomUUID } from "node:crypto";
import type { NextFunction, Request, Response } from "express";

export const REQUEST_ID_HEADER = "x-request-id";

/** Ids longer than this, or with characters outside this set, are replaced: they end up in logs and events. */
const VALID_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Returns the caller's request id when it is well-formed, else a fresh UUID. */
export function requestIdFrom(value: string | string[] | undefined): string {
  const candidate = Array.isArray(value) ? value[0] : value;
  return candidate && VALID_REQUEST_ID.test(candidate) ? candidate : randomUUID();
}

/** Express middleware: puts the correlation id on `res.locals.requestId` and on the response header. */
export function requestId() {
  return (req: Request, res: Response, next: NextFunction): void => {
    const id = requestIdFrom(req.headers[REQUEST_ID_HEADER]);
    req.headers[REQUEST_ID_HEADER] = id;
    res.locals.requestId = id;
    res.setHeader(REQUEST_ID_HEADER, id);
    next();
  };
}
