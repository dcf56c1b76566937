import type { ParityCase } from "./parity-case";

/** Who the order cases read as: two logged-in customers (cookies `shop_session=…`) and an order of each. */
export interface OrdersParityFixture {
  self: { id: number; cookie: string; orderId: number };
  other: { id: number; cookie: string; orderId: number };
  /** A token the shop expired (its session row is past `expires_at`). */
  expiredCookie: string;
  /** A token the shop logged out (its session row is gone). */
  loggedOutCookie: string;
}

/**
 * The orders reads of the legacy contract (docs/monolith.md, "Orders"), with the session cookie:
 * each is sent to the monolith and to the orders service (directly or through the proxy) and must
 * answer the same. Ids refer to the deterministic seed and the fixture's customers.
 */
export function ordersParityCases(fx: OrdersParityFixture): ParityCase[] {
  const as = (cookie: string) => ({ headers: { cookie } });
  const get = (name: string, path: string, cookie?: string): ParityCase => ({ name, method: "GET", path, ...(cookie ? as(cookie) : {}) });
  const { self, other } = fx;
  return [
    get("lists one's orders newest first", "/orders", self.cookie),
    get("pages through one's orders", "/orders?page=2&pageSize=2", self.cookie),
    get("answers the largest page size", "/orders?pageSize=100", self.cookie),
    get("answers a page past the end with no items and the total", "/orders?page=999", self.cookie),
    get("ignores unknown query parameters", "/orders?pageSize=3&color=red", self.cookie),
    get("refuses a page size above 100", "/orders?pageSize=101", self.cookie),
    get("refuses a page size of 0", "/orders?pageSize=0", self.cookie),
    get("refuses a page that is not a number", "/orders?page=abc", self.cookie),
    get("reads one of one's orders with its lines", `/orders/${self.orderId}`, self.cookie),
    get("reads another customer's own order", `/orders/${other.orderId}`, other.cookie),
    get("hides another customer's order as 404", `/orders/${other.orderId}`, self.cookie),
    get("answers 404 for an unknown order", "/orders/2000000000", self.cookie),
    get("refuses an order id that is not a number", "/orders/abc", self.cookie),
    get("refuses order id 0", "/orders/0", self.cookie),
    get("lists one's orders under /customers/:id/orders", `/customers/${self.id}/orders`, self.cookie),
    get("pages the customer's orders", `/customers/${self.id}/orders?page=2&pageSize=1`, self.cookie),
    get("refuses another customer's order list with 403", `/customers/${other.id}/orders`, self.cookie),
    get("refuses a customer id that is not a number", "/customers/abc/orders", self.cookie),
    get("refuses a bad page on the customer route", `/customers/${self.id}/orders?pageSize=500`, self.cookie),
    get("refuses /orders without a session", "/orders"),
    get("refuses one order without a session", `/orders/${self.orderId}`),
    get("refuses the customer route without a session", `/customers/${self.id}/orders`),
    get("refuses an unknown session token", "/orders", "shop_session=no-such-token"),
    get("refuses an expired session", "/orders", fx.expiredCookie),
    get("refuses a logged-out session", `/orders/${self.orderId}`, fx.loggedOutCookie),
    get("refuses a session check before validating the id", "/orders/abc", fx.loggedOutCookie),
  ];
}
