import { Router, type RequestHandler } from "express";
import type { OrdersReader } from "../domain";
import { orderNotFound } from "../errors";
import { idParams, pagingQuery } from "./legacy-query";
import { legacyOrder } from "./legacy-views";
import { parseInput } from "./parse-input";
import { currentCustomerId, assertSelf } from "./session-cookie";

/** `GET /orders` and `GET /orders/:id`: the logged-in customer's orders, in the shop's contract. */
export function orderRoutes(reader: OrdersReader, customer: RequestHandler): Router {
  const router = Router();
  // As in the shop: every /orders path needs a session first (before its own validation).
  router.use("/orders", customer);

  router.get("/orders", async (req, res) => {
    const paging = parseInput(pagingQuery, req.query, "query");
    const page = await reader.listForCustomer(currentCustomerId(res), (paging.page - 1) * paging.pageSize, paging.pageSize);
    res.setHeader("X-Total-Count", String(page.total));
    res.json({ items: page.orders.map(legacyOrder), page: paging.page, pageSize: paging.pageSize, total: page.total });
  });

  router.get("/orders/:id", async (req, res) => {
    const { id } = parseInput(idParams, req.params, "params");
    const order = await reader.byLegacyId(id);
    // Someone else's order is reported as not found, as the shop does.
    if (!order || order.customerLegacyId !== currentCustomerId(res)) throw orderNotFound(id);
    res.json(legacyOrder(order));
  });

  return router;
}

/** `GET /customers/:id/orders`: a customer's own orders (403 for another's), in the shop's contract. */
export function customerOrderRoutes(reader: OrdersReader, customer: RequestHandler): Router {
  const router = Router();
  router.get("/customers/:id/orders", customer, async (req, res) => {
    const { id } = parseInput(idParams, req.params, "params");
    assertSelf(res, id);
    const paging = parseInput(pagingQuery, req.query, "query");
    const page = await reader.listForCustomer(id, (paging.page - 1) * paging.pageSize, paging.pageSize);
    res.setHeader("X-Total-Count", String(page.total));
    res.json({ items: page.orders.map(legacyOrder), page: paging.page, pageSize: paging.pageSize, total: page.total });
  });
  return router;
}
