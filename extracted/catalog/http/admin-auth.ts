import { createHash, timingSafeEqual } from "node:crypto";
import type { NextFunction, Request, RequestHandler, Response } from "express";
import { CatalogError, LEGACY_WIRE_CODES } from "../errors";

const digest = (text: string): Buffer => createHash("sha256").update(text).digest();

/**
 * The legacy shop's admin guard, restated (the service may not import the monolith): 401 without a
 * bearer token, 403 with a wrong one; compared as digests in constant time, so neither content nor
 * length leaks.
 */
export function requireAdmin(adminToken: string): RequestHandler {
  const expected = digest(adminToken);
  return (req: Request, _res: Response, next: NextFunction): void => {
    const token = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? "")?.[1];
    if (token === undefined) throw new CatalogError(401, LEGACY_WIRE_CODES.adminTokenMissing, "This operation needs an admin token: Authorization: Bearer <token>");
    if (!timingSafeEqual(digest(token), expected)) throw new CatalogError(403, LEGACY_WIRE_CODES.adminTokenInvalid, "The admin token is not valid");
    next();
  };
}
