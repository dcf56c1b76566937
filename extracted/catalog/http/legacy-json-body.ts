import express, { type NextFunction, type Request, type RequestHandler, type Response } from "express";
import { CatalogError, LEGACY_WIRE_CODES } from "../errors";

interface ParserError {
  type?: string;
  status?: number;
}

function legacyBodyError(err: unknown): unknown {
  const parser = err as ParserError;
  if (parser?.type === "entity.parse.failed") return new CatalogError(400, LEGACY_WIRE_CODES.malformedBody, "Request body is not valid JSON");
  if (parser?.type === "entity.too.large") return new CatalogError(413, LEGACY_WIRE_CODES.malformedBody, "Request body is too large");
  if (parser?.type && typeof parser.status === "number" && parser.status < 500) return new CatalogError(parser.status, LEGACY_WIRE_CODES.malformedBody, "Request body could not be read");
  return err;
}

/**
 * The legacy shop's body parser for the write routes (JSON objects under 100 kB), answering its
 * `SHOP_ERR_MALFORMED_BODY` on the wire (the catalog's other routes keep their own code).
 */
export function legacyJsonBody(): RequestHandler {
  const parse = express.json({ limit: "100kb" });
  return (req: Request, res: Response, next: NextFunction) => parse(req, res, (err?: unknown) => next(err ? legacyBodyError(err) : undefined));
}
