import { Router, type RequestHandler } from "express";
import { SESSION_COOKIE, SESSION_COOKIE_OPTIONS, assertSelf, sessionTokenOf } from "../http/customer-session";
import { parseInput } from "../http/validate";
import { idParams } from "../schemas/common.schema";
import { loginBody, registerCustomerBody, updateCustomerBody } from "../schemas/customer.schema";
import { pagingQuery } from "../schemas/paging.schema";
import type { ShopServices } from "../services";

/** `/customers`: register, log in and out, read and change one's own account, list one's orders. */
export function customerRoutes(services: ShopServices, customer: RequestHandler): Router {
  const router = Router();

  router.post("/customers", async (req, res) => {
    const created = await services.customers.register(parseInput(registerCustomerBody, req.body));
    res.status(201).location(`/customers/${created.id}`).json(created);
  });

  router.post("/customers/login", async (req, res) => {
    const session = await services.sessions.login(parseInput(loginBody, req.body));
    res.cookie(SESSION_COOKIE, session.token, { ...SESSION_COOKIE_OPTIONS, expires: session.expiresAt });
    res.json({ customer: session.customer, expiresAt: session.expiresAt.toISOString() });
  });

  router.post("/customers/logout", async (req, res) => {
    const token = sessionTokenOf(req);
    if (token !== undefined) await services.sessions.logout(token);
    res.clearCookie(SESSION_COOKIE, SESSION_COOKIE_OPTIONS);
    res.status(204).end();
  });

  router.get("/customers/:id", customer, async (req, res) => {
    const { id } = parseInput(idParams, req.params, "params");
    assertSelf(res, id);
    res.json(await services.customers.get(id));
  });

  router.patch("/customers/:id", customer, async (req, res) => {
    const { id } = parseInput(idParams, req.params, "params");
    assertSelf(res, id);
    res.json(await services.customers.update(id, parseInput(updateCustomerBody, req.body)));
  });

  router.get("/customers/:id/orders", customer, async (req, res) => {
    const { id } = parseInput(idParams, req.params, "params");
    assertSelf(res, id);
    const page = await services.orders.listForCustomer(id, parseInput(pagingQuery, req.query, "query"));
    res.setHeader("X-Total-Count", String(page.total));
    res.json(page);
  });

  return router;
}
