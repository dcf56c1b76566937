import { createHash, timingSafeEqual } from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import { ProxyError, ProxyErrorCode } from "../errors";

const digest = (value: string) => createHash("sha256").update(value).digest();

/** True when `presented` equals one of `tokens` (constant-time per token). */
export function tokenMatches(presented: string | undefined, tokens: readonly string[]): boolean {
  if (!presented) return false;
  const given = digest(presented);
  return tokens.some((token) => timingSafeEqual(given, digest(token)));
}

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
