import type { NextFunction, Request, Response } from "express";
import { tokenMatches } from "../../platform";
import { ProxyError, ProxyErrorCode } from "../errors";

/** Platform's constant-time token compare, also used by the admin app's flag client API. */
export { tokenMatches };

/** The token of an `Authorization` header, with or without the `Bearer ` scheme. */
export function tokenFrom(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer\s+(.+)$/i.exec(header.trim());
  return match ? match[1] : header.trim();
}

/** Express middleware: 401 unless `Authorization: Bearer <token>` carries the admin token. */
export function requireAdminToken(token: string) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    if (tokenMatches(tokenFrom(req.headers.authorization), [token])) return next();
    next(new ProxyError(401, ProxyErrorCode.unauthorized, "Send the admin token as Authorization: Bearer <STRANGLER_ADMIN_TOKEN>"));
  };
}
