import express, { type NextFunction, type Request, type RequestHandler, type Response } from "express";
import { bodyParserError } from "../../../platform";
import { LEGACY_WIRE_CODES } from "../errors";

/**
 * The legacy shop's body parser for the write routes (JSON objects under 100 kB), answering its
 * `SHOP_ERR_MALFORMED_BODY` on the wire (the catalog's other routes keep their own code).
 */
export function legacyJsonBody(): RequestHandler {
  const parse = express.json({ limit: "100kb" });
  return (req: Request, res: Response, next: NextFunction) =>
    parse(req, res, (err?: unknown) => next(err ? (bodyParserError(err, LEGACY_WIRE_CODES.malformedBody) ?? err) : undefined));
}
