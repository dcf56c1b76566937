import { Router, type RequestHandler } from "express";
import { currentCustomerId } from "../http/customer-session";
import { parseInput } from "../http/validate";
import { idParams } from "../schemas/common.schema";
import { placeOrderBody } from "../schemas/order.schema";
import { pagingQuery } from "../schemas/paging.schema";
import type { OrderService } from "../services/order-service";

/** `/orders`: the logged-in customer's orders. */
export function orderRoutes(orders: OrderService, customer: RequestHandler): Router {
  const router = Router();
  router.use("/orders", customer);

  router.post("/orders", async (req, res) => {
    const order = await orders.place(currentCustomerId(res), parseInput(placeOrderBody, req.body));
    res.status(201).location(`/orders/${order.id}`).json(order);
  });

  router.get("/orders", async (req, res) => {
    const page = await orders.listForCustomer(currentCustomerId(res), parseInput(pagingQuery, req.query, "query"));
    res.setHeader("X-Total-Count", String(page.total));
    res.json(page);
  });

  router.get("/orders/:id", async (req, res) => {
    const { id } = parseInput(idParams, req.params, "params");
    res.json(await orders.get(currentCustomerId(res), id));
  });

  router.post("/orders/:id/cancel", async (req, res) => {
    const { id } = parseInput(idParams, req.params, "params");
    res.json(await orders.cancel(currentCustomerId(res), id));
  });

  return router;
}
