import type { NextFunction, Request, Response } from "express";
import { requireAdmin } from "./admin-auth";

function check(authorization: string | undefined): unknown {
  let passed = false;
  const next = (() => {
    passed = true;
  }) as NextFunction;
  try {
    requireAdmin("the-real-admin-token")({ headers: { authorization } } as Request, {} as Response, next);
  } catch (err) {
    return err;
  }
  return passed ? "passed" : "stuck";
}

describe("requireAdmin", () => {
  it("lets the right bearer token through", () => {
    expect(check("Bearer the-real-admin-token")).toBe("passed");
  });

  it("answers 401 without a bearer token and 403 with a wrong one", () => {
    expect(check(undefined)).toMatchObject({ status: 401, code: "SHOP_ERR_ADMIN_TOKEN_MISSING" });
    expect(check("Basic abc")).toMatchObject({ status: 401 });
    expect(check("Bearer the-real-admin-tokeN")).toMatchObject({ status: 403, code: "SHOP_ERR_ADMIN_TOKEN_INVALID" });
    expect(check("Bearer x")).toMatchObject({ status: 403 });
  });
});
