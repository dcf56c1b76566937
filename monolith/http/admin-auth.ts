import { createHash, timingSafeEqual } from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import { SHOP_ERROR_CODES, ShopError } from "../errors";

function digest(text: string): Buffer {
  return createHash("sha256").update(text).digest();
}

/** Bearer token of an `Authorization` header, or undefined when there is none. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  return match?.[1];
}

/**
 * Guards catalog and inventory writes: 401 without a bearer token, 403 with a wrong one.
 * Tokens are compared as digests in constant time, so neither content nor length leaks.
 */
export function requireAdmin(adminToken: string) {
  const expected = digest(adminToken);
  return (req: Request, _res: Response, next: NextFunction): void => {
    const token = bearerToken(req.headers.authorization);
    if (token === undefined) {
      throw new ShopError(401, SHOP_ERROR_CODES.adminTokenMissing, "This operation needs an admin token: Authorization: Bearer <token>");
    }
    if (!timingSafeEqual(digest(token), expected)) {
      throw new ShopError(403, SHOP_ERROR_CODES.adminTokenInvalid, "The admin token is not valid");
    }
    next();
  };
}
