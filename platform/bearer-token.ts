import { createHash, timingSafeEqual } from "node:crypto";
import type { NextFunction, Request, RequestHandler, Response } from "express";

// Fixed-length digests let timingSafeEqual compare tokens of any length without leaking it.
const digest = (text: string): Buffer => createHash("sha256").update(text).digest();

/** Token of an `Authorization: Bearer <token>` header (scheme case-insensitive, one word), or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  return /^Bearer\s+(\S+)\s*$/i.exec(header ?? "")?.[1];
}

/** True when `presented` equals one of `tokens`; compared as digests in constant time. */
export function tokenMatches(presented: string | undefined, tokens: readonly string[]): boolean {
  if (!presented) return false;
  const given = digest(presented);
  return tokens.some((token) => timingSafeEqual(given, digest(token)));
}

/** The errors a bearer guard raises, so each module answers with its own class and code. */
export interface BearerErrors {
  /** No `Authorization: Bearer <token>` header (answered 401 by convention). */
  missing: () => Error;
  /** A bearer token that is not the expected one (answered 403 by convention). */
  invalid: () => Error;
}

/** Express guard: throws `missing()` without a bearer token, `invalid()` with a wrong one. */
export function requireBearer(token: string, errors: BearerErrors): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction): void => {
    const presented = bearerToken(req.headers.authorization);
    if (presented === undefined) throw errors.missing();
    if (!tokenMatches(presented, [token])) throw errors.invalid();
    next();
  };
}
