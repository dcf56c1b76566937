import type { RequestHandler } from "express";
import { requireBearer } from "../../../platform";
import { CatalogError, LEGACY_WIRE_CODES } from "../errors";

/**
 * The legacy shop's admin guard with its wire codes (the service may not import the monolith):
 * 401 without a bearer token, 403 with a wrong one; compared as digests in constant time, so
 * neither content nor length leaks.
 */
export function requireAdmin(adminToken: string): RequestHandler {
  return requireBearer(adminToken, {
    missing: () => new CatalogError(401, LEGACY_WIRE_CODES.adminTokenMissing, "This operation needs an admin token: Authorization: Bearer <token>"),
    invalid: () => new CatalogError(403, LEGACY_WIRE_CODES.adminTokenInvalid, "The admin token is not valid"),
  });
}
