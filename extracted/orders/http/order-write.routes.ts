import { Router, type RequestHandler, type Response } from "express";
import type { OrderWriter } from "../writes/order-writer";
import { idParams, placeOrderBody } from "./legacy-query";
import { legacyOrder } from "./legacy-views";
import { parseInput } from "./parse-input";
import { currentCustomerId } from "./session-cookie";

const requestIdOf = (res: Response): string | undefined => (typeof res.locals.requestId === "string" && res.locals.requestId !== "" ? res.locals.requestId : undefined);

/**
 * `POST /orders` and `POST /orders/:id/cancel`, in the shop's contract, once the service owns
 * `orders-writes` (`strangler cutover orders`): the session first, then the input, as the shop does.
 */
export function orderWriteRoutes(writer: OrderWriter, customer: RequestHandler): Router {
  const router = Router();

  router.post("/orders", customer, async (req, res) => {
    const { lines } = parseInput(placeOrderBody, req.body, "body");
    const order = await writer.place(currentCustomerId(res), lines, requestIdOf(res));
    res.status(201).location(`/orders/${order.legacyId}`).json(legacyOrder(order));
  });

  router.post("/orders/:id/cancel", customer, async (req, res) => {
    const { id } = parseInput(idParams, req.params, "params");
    res.json(legacyOrder(await writer.cancel(currentCustomerId(res), id, requestIdOf(res))));
  });

  return router;
}
