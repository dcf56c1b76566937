import { HttpError, type FieldIssue } from "../platform";

/** Every stable error code the shop answers with; each has a row in docs/errors.md. */
export const SHOP_ERROR_CODES = Object.freeze({
  validation: "SHOP_ERR_VALIDATION",
  malformedBody: "SHOP_ERR_MALFORMED_BODY",
  notFound: "SHOP_ERR_NOT_FOUND",
  internal: "SHOP_ERR_INTERNAL",
  databaseUnavailable: "SHOP_ERR_DATABASE_UNAVAILABLE",
  adminTokenMissing: "SHOP_ERR_ADMIN_TOKEN_MISSING",
  adminTokenInvalid: "SHOP_ERR_ADMIN_TOKEN_INVALID",
  sessionRequired: "SHOP_ERR_SESSION_REQUIRED",
  invalidCredentials: "SHOP_ERR_INVALID_CREDENTIALS",
  forbidden: "SHOP_ERR_FORBIDDEN",
  categoryNotFound: "SHOP_ERR_CATEGORY_NOT_FOUND",
  productNotFound: "SHOP_ERR_PRODUCT_NOT_FOUND",
  customerNotFound: "SHOP_ERR_CUSTOMER_NOT_FOUND",
  orderNotFound: "SHOP_ERR_ORDER_NOT_FOUND",
  duplicateSlug: "SHOP_ERR_DUPLICATE_SLUG",
  duplicateSku: "SHOP_ERR_DUPLICATE_SKU",
  duplicateEmail: "SHOP_ERR_DUPLICATE_EMAIL",
  categoryInUse: "SHOP_ERR_CATEGORY_IN_USE",
  productInUse: "SHOP_ERR_PRODUCT_IN_USE",
  productInactive: "SHOP_ERR_PRODUCT_INACTIVE",
  insufficientStock: "SHOP_ERR_INSUFFICIENT_STOCK",
  orderNotCancellable: "SHOP_ERR_ORDER_NOT_CANCELLABLE",
  idempotencyKeyReused: "SHOP_ERR_IDEMPOTENCY_KEY_REUSED",
  stockMovementReverted: "SHOP_ERR_STOCK_MOVEMENT_REVERTED",
  stockMovementNotFound: "SHOP_ERR_STOCK_MOVEMENT_NOT_FOUND",
  seedTargetNotEmpty: "SHOP_ERR_SEED_TARGET_NOT_EMPTY",
  writeFenced: "SHOP_ERR_WRITE_FENCED",
} as const);

export type ShopErrorCode = (typeof SHOP_ERROR_CODES)[keyof typeof SHOP_ERROR_CODES];

/** An error of the legacy shop: an HTTP status plus a stable `SHOP_ERR_*` code. */
export class ShopError extends HttpError {
  declare readonly code: ShopErrorCode;

  constructor(status: number, code: ShopErrorCode, message: string, fields?: FieldIssue[]) {
    super(status, code, message, fields);
    this.name = "ShopError";
  }
}

/** 400 listing each failing input field. */
export function validationError(fields: FieldIssue[]): ShopError {
  const summary = fields.map((issue) => issue.field).join(", ");
  return new ShopError(400, SHOP_ERROR_CODES.validation, `Invalid input: ${summary}`, fields);
}

/** 404 for a known kind of record that does not exist. */
export function notFound(code: ShopErrorCode, what: string, id: number | string): ShopError {
  return new ShopError(404, code, `${what} ${id} does not exist`);
}

/** 409: the request conflicts with the current state (duplicates, stock, status). */
export function conflict(code: ShopErrorCode, message: string): ShopError {
  return new ShopError(409, code, message);
}
