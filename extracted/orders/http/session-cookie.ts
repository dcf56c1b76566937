import type { NextFunction, Request, Response } from "express";
import type { DataSource } from "typeorm";
import { customerIdForToken } from "../domain";
import { forbidden, sessionRequired } from "../errors";

/** The shop's login cookie (set by the monolith's `POST /customers/login`). */
export const SESSION_COOKIE = "shop_session";

/** Value of cookie `name` in a `Cookie` header, read as the shop reads it (first match, trimmed, percent-decoded; undefined when it cannot be decoded). */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const at = part.indexOf("=");
    if (at < 0 || part.slice(0, at).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(at + 1).trim());
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/**
 * The session bridge on the request path: 401 `SHOP_ERR_SESSION_REQUIRED` (the shop's answer, byte
 * for byte) unless the `shop_session` cookie names a live session of the replica; puts the
 * customer's legacy id on `res.locals.customerId`. No call to the monolith.
 */
export function requireCustomer(db: DataSource) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const token = cookieValue(req.headers.cookie, SESSION_COOKIE);
    const customerId = token === undefined ? undefined : await customerIdForToken(db, token);
    if (customerId === undefined) throw sessionRequired();
    res.locals.customerId = customerId;
    next();
  };
}

/** The logged-in customer's legacy id, set by `requireCustomer`. */
export function currentCustomerId(res: Response): number {
  return res.locals.customerId as number;
}

/** 403 when a customer addresses another customer's account, as the shop answers. */
export function assertSelf(res: Response, customerId: number): void {
  if (currentCustomerId(res) !== customerId) throw forbidden();
}
