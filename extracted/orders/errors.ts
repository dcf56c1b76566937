import { HttpError, type FieldIssue } from "../../platform";

/** The orders service's own codes (docs/errors.md, "Orders service"). */
export const ORDERS_ERROR_CODES = Object.freeze({
  internal: "ORDERS_ERR_INTERNAL",
  malformedBody: "ORDERS_ERR_MALFORMED_BODY",
  databaseUnavailable: "ORDERS_ERR_DATABASE_UNAVAILABLE",
  syncUnavailable: "ORDERS_ERR_SYNC_UNAVAILABLE",
  drift: "ORDERS_ERR_DRIFT",
  discardAmbiguous: "ORDERS_ERR_DISCARD_AMBIGUOUS",
  legacyIdTaken: "ORDERS_ERR_LEGACY_ID_TAKEN",
  inventoryUnavailable: "ORDERS_ERR_INVENTORY_UNAVAILABLE",
  inventoryRefused: "ORDERS_ERR_INVENTORY_REFUSED",
} as const);

/**
 * Codes of the legacy contract the orders service answers on the wire for the routes it took over:
 * clients match on them, so they stay `SHOP_ERR_*` (documented in the monolith's table).
 */
export const LEGACY_WIRE_CODES = Object.freeze({
  validation: "SHOP_ERR_VALIDATION",
  notFound: "SHOP_ERR_NOT_FOUND",
  malformedBody: "SHOP_ERR_MALFORMED_BODY",
  sessionRequired: "SHOP_ERR_SESSION_REQUIRED",
  forbidden: "SHOP_ERR_FORBIDDEN",
  orderNotFound: "SHOP_ERR_ORDER_NOT_FOUND",
  writeFenced: "SHOP_ERR_WRITE_FENCED",
  productInactive: "SHOP_ERR_PRODUCT_INACTIVE",
  insufficientStock: "SHOP_ERR_INSUFFICIENT_STOCK",
  orderNotCancellable: "SHOP_ERR_ORDER_NOT_CANCELLABLE",
} as const);

export type OrdersErrorCode = (typeof ORDERS_ERROR_CODES)[keyof typeof ORDERS_ERROR_CODES] | (typeof LEGACY_WIRE_CODES)[keyof typeof LEGACY_WIRE_CODES];

/** An error of the orders service: an HTTP status plus a stable code. Match on `code`. */
export class OrdersError extends HttpError {
  declare readonly code: OrdersErrorCode;

  constructor(status: number, code: OrdersErrorCode, message: string, fields?: FieldIssue[]) {
    super(status, code, message, fields);
    this.name = "OrdersError";
  }
}

/** 400 listing each failing input field, worded as the legacy shop does. */
export function validationError(fields: FieldIssue[]): OrdersError {
  return new OrdersError(400, LEGACY_WIRE_CODES.validation, `Invalid input: ${fields.map((issue) => issue.field).join(", ")}`, fields);
}

/** 404 for an order that does not exist or is another customer's, worded as the legacy shop does. */
export function orderNotFound(id: number): OrdersError {
  return new OrdersError(404, LEGACY_WIRE_CODES.orderNotFound, `Order ${id} does not exist`);
}

/** 401 without a live session, worded as the legacy shop does. */
export function sessionRequired(): OrdersError {
  return new OrdersError(401, LEGACY_WIRE_CODES.sessionRequired, "Log in first: POST /customers/login sets the shop_session cookie");
}

/** 403 when a customer addresses another customer's account, worded as the legacy shop does. */
export function forbidden(): OrdersError {
  return new OrdersError(403, LEGACY_WIRE_CODES.forbidden, "A customer may only see and change their own account");
}
