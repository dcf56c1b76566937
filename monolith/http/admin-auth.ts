import type { RequestHandler } from "express";
import { requireBearer } from "../../platform";
import { SHOP_ERROR_CODES, ShopError } from "../errors";

/**
 * Guards catalog and inventory writes: 401 without a bearer token, 403 with a wrong one.
 * Tokens are compared as digests in constant time, so neither content nor length leaks.
 */
export function requireAdmin(adminToken: string): RequestHandler {
  return requireBearer(adminToken, {
    missing: () => new ShopError(401, SHOP_ERROR_CODES.adminTokenMissing, "This operation needs an admin token: Authorization: Bearer <token>"),
    invalid: () => new ShopError(403, SHOP_ERROR_CODES.adminTokenInvalid, "The admin token is not valid"),
  });
}
