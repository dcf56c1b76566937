import { LegacyRefusal, LegacyUnavailable } from "../../../service-kit";
import { LEGACY_WIRE_CODES, ORDERS_ERROR_CODES, OrdersError, validationError } from "../errors";
import type { StockLine } from "./shop-stock";

/**
 * What a failed stock call becomes on the wire: the shop's own answers where the shop would have
 * given them (409 short of stock, 400 for a product it does not know), 503 when the shop did not
 * answer (nothing was made: retry), 502 for any other refusal (a misconfigured token, …).
 */
export function stockCallError(err: unknown, lines: readonly StockLine[]): unknown {
  if (err instanceof LegacyUnavailable) {
    return new OrdersError(503, ORDERS_ERROR_CODES.inventoryUnavailable, "The shop's inventory did not answer; nothing was ordered. Retry in a moment.");
  }
  if (!(err instanceof LegacyRefusal)) return err;
  if (err.code === LEGACY_WIRE_CODES.insufficientStock) return new OrdersError(409, LEGACY_WIRE_CODES.insufficientStock, err.message);
  if (err.status === 404) {
    const productId = Number(/Product (\d+)/.exec(err.message)?.[1]);
    const index = Math.max(0, lines.findIndex((line) => line.productId === productId));
    return validationError([{ field: `lines.${index}.productId`, message: `product ${lines[index].productId} does not exist` }]);
  }
  return new OrdersError(502, ORDERS_ERROR_CODES.inventoryRefused, `The shop's inventory refused the stock change (${err.status} ${err.code ?? ""}): ${err.message}`);
}
