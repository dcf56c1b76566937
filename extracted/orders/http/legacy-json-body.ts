import express, { type NextFunction, type Request, type RequestHandler, type Response } from "express";
import { bodyParserError } from "../../../platform";
import { LEGACY_WIRE_CODES } from "../errors";

/**
 * The shop parses a JSON body (under 100 kB) before any of its routes, reads included: a read with
 * a broken JSON body is its 400 `SHOP_ERR_MALFORMED_BODY` before the session is looked at. Same here.
 */
export function legacyJsonBody(): RequestHandler {
  const parse = express.json({ limit: "100kb" });
  return (req: Request, res: Response, next: NextFunction) =>
    parse(req, res, (err?: unknown) => next(err ? (bodyParserError(err, LEGACY_WIRE_CODES.malformedBody) ?? err) : undefined));
}
