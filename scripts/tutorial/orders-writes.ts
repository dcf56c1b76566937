import { writeRetryingFence } from "./catalog-writes";
import { stagesOf } from "./read-routes";
import type { HttpAnswer, Tutorial } from "./tutorial-kit";

/** The orders' write route (group `orders-writes` in strangler.config.json). */
export const ORDERS_WRITE_ROUTE = "orders-write";

/** Where the proxy sends the orders' writes now. */
export async function ordersWritesOwner(t: Tutorial): Promise<string | undefined> {
  return (await stagesOf(t))[ORDERS_WRITE_ROUTE]?.stage;
}

/** `orders` when the answer carries `x-served-by: orders`, else the monolith. */
export const orderAnsweredBy = (answer: HttpAnswer): "orders" | "monolith" => (answer.headers.get("x-served-by") === "orders" ? "orders" : "monolith");

/** A product's stock on hand, as the monolith (which keeps the inventory) reports it. */
export async function stockOf(t: Tutorial, productId: number): Promise<number> {
  return (await t.http(`${t.config.monolithUrl}/inventory/${productId}`)).json<{ quantity: number }>().quantity;
}

/** `POST /orders` through the proxy as a customer's browser sends it (`writeRetryingFence`: a cut-over's fenced 503 is sent again). */
export function placeOrder(t: Tutorial, cookie: string, lines: Array<{ productId: number; quantity: number }>): Promise<HttpAnswer> {
  return writeRetryingFence(t, `${t.config.proxyUrl}/orders`, "POST", { lines }, { cookie });
}
