import { HttpError, type FieldIssue } from "../../platform";

/** The catalog's own codes (docs/errors.md, "Catalog service"). */
export const CATALOG_ERROR_CODES = Object.freeze({
  internal: "CATALOG_ERR_INTERNAL",
  malformedBody: "CATALOG_ERR_MALFORMED_BODY",
  databaseUnavailable: "CATALOG_ERR_DATABASE_UNAVAILABLE",
  syncUnavailable: "CATALOG_ERR_SYNC_UNAVAILABLE",
  drift: "CATALOG_ERR_DRIFT",
  legacyIdTaken: "CATALOG_ERR_LEGACY_ID_TAKEN",
  discardAmbiguous: "CATALOG_ERR_DISCARD_AMBIGUOUS",
  metricsUnauthorized: "CATALOG_ERR_METRICS_UNAUTHORIZED",
  metricsOff: "CATALOG_ERR_METRICS_OFF",
} as const);

/**
 * Codes of the legacy contract the catalog answers on the wire for the routes it took over:
 * clients match on them, so they stay `SHOP_ERR_*` (documented in the monolith's table).
 */
export const LEGACY_WIRE_CODES = Object.freeze({
  validation: "SHOP_ERR_VALIDATION",
  notFound: "SHOP_ERR_NOT_FOUND",
  categoryNotFound: "SHOP_ERR_CATEGORY_NOT_FOUND",
  productNotFound: "SHOP_ERR_PRODUCT_NOT_FOUND",
  malformedBody: "SHOP_ERR_MALFORMED_BODY",
  adminTokenMissing: "SHOP_ERR_ADMIN_TOKEN_MISSING",
  adminTokenInvalid: "SHOP_ERR_ADMIN_TOKEN_INVALID",
  duplicateSlug: "SHOP_ERR_DUPLICATE_SLUG",
  duplicateSku: "SHOP_ERR_DUPLICATE_SKU",
  categoryInUse: "SHOP_ERR_CATEGORY_IN_USE",
  productInUse: "SHOP_ERR_PRODUCT_IN_USE",
  writeFenced: "SHOP_ERR_WRITE_FENCED",
} as const);

export type CatalogErrorCode = (typeof CATALOG_ERROR_CODES)[keyof typeof CATALOG_ERROR_CODES] | (typeof LEGACY_WIRE_CODES)[keyof typeof LEGACY_WIRE_CODES];

/** An error of the catalog service: an HTTP status plus a stable code. Match on `code`. */
export class CatalogError extends HttpError {
  declare readonly code: CatalogErrorCode;

  constructor(status: number, code: CatalogErrorCode, message: string, fields?: FieldIssue[]) {
    super(status, code, message, fields);
    this.name = "CatalogError";
  }
}

/** 400 listing each failing input field, worded as the legacy shop does. */
export function validationError(fields: FieldIssue[]): CatalogError {
  return new CatalogError(400, LEGACY_WIRE_CODES.validation, `Invalid input: ${fields.map((issue) => issue.field).join(", ")}`, fields);
}

/** 404 for a record that does not exist, worded as the legacy shop does. */
export function notFound(code: (typeof LEGACY_WIRE_CODES)["categoryNotFound" | "productNotFound"], what: string, id: number): CatalogError {
  return new CatalogError(404, code, `${what} ${id} does not exist`);
}

/** 409: the write conflicts with the catalog's current rows (duplicates, rows in use), worded as the legacy shop does. */
export function conflict(code: (typeof LEGACY_WIRE_CODES)["duplicateSlug" | "duplicateSku" | "categoryInUse" | "productInUse"], message: string): CatalogError {
  return new CatalogError(409, code, message);
}
