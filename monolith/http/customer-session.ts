import type { CookieOptions, NextFunction, Request, Response } from "express";
import { SHOP_ERROR_CODES, ShopError } from "../errors";
import type { SessionService } from "../services/session-service";
import { readCookie } from "./cookies";

/** Name of the login cookie set by `POST /customers/login`. */
export const SESSION_COOKIE = "shop_session";

/** HttpOnly so scripts cannot read it; Lax so it is not sent on cross-site POSTs. */
export const SESSION_COOKIE_OPTIONS: CookieOptions = { httpOnly: true, sameSite: "lax", path: "/" };

/** The session token the request carries, if any. */
export function sessionTokenOf(req: Request): string | undefined {
  return readCookie(req.headers.cookie, SESSION_COOKIE);
}

/** The logged-in customer's id, set by `requireCustomer`. */
export function currentCustomerId(res: Response): number {
  return res.locals.customerId as number;
}

/** 401 unless the request carries a live session cookie; puts the customer id on `res.locals`. */
export function requireCustomer(sessions: SessionService) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const token = sessionTokenOf(req);
    const customerId = token === undefined ? undefined : await sessions.customerIdFor(token);
    if (customerId === undefined) {
      throw new ShopError(401, SHOP_ERROR_CODES.sessionRequired, "Log in first: POST /customers/login sets the shop_session cookie");
    }
    res.locals.customerId = customerId;
    next();
  };
}

/** 403 when a customer addresses another customer's account. */
export function assertSelf(res: Response, customerId: number): void {
  if (currentCustomerId(res) !== customerId) {
    throw new ShopError(403, SHOP_ERROR_CODES.forbidden, "A customer may only see and change their own account");
  }
}
