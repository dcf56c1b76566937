import type { NextFunction, Request, Response } from "express";
import { bearerToken, requireBearer, tokenMatches } from "./bearer-token";

describe("bearerToken", () => {
  it("reads the token case-insensitively and rejects extra words", () => {
    expect(bearerToken("bearer abc")).toBe("abc");
    expect(bearerToken("Bearer a b")).toBeUndefined();
  });

  it("finds no token without a header, without the Bearer scheme or without a token", () => {
    expect(bearerToken(undefined)).toBeUndefined();
    expect(bearerToken("abc")).toBeUndefined();
    expect(bearerToken("Basic abc")).toBeUndefined();
    expect(bearerToken("Bearer ")).toBeUndefined();
  });
});

describe("tokenMatches", () => {
  it("accepts a token equal to one of the accepted ones", () => {
    expect(tokenMatches("second", ["first", "second"])).toBe(true);
  });

  it("rejects a different token, whatever its length", () => {
    expect(tokenMatches("secont", ["second"])).toBe(false);
    expect(tokenMatches("sec", ["second"])).toBe(false);
    expect(tokenMatches("second-and-more", ["second"])).toBe(false);
  });

  it("rejects a missing or empty token and matches nothing against an empty list", () => {
    expect(tokenMatches(undefined, ["second"])).toBe(false);
    expect(tokenMatches("", [""])).toBe(false);
    expect(tokenMatches("second", [])).toBe(false);
  });
});

describe("requireBearer", () => {
  class Missing extends Error {}
  class Invalid extends Error {}
  const guard = requireBearer("the-real-token", { missing: () => new Missing(), invalid: () => new Invalid() });

  function check(authorization: string | undefined): unknown {
    let passed = false;
    const next = (() => {
      passed = true;
    }) as NextFunction;
    try {
      guard({ headers: { authorization } } as Request, {} as Response, next);
    } catch (err) {
      return err;
    }
    return passed ? "passed" : "stuck";
  }

  it("lets the right bearer token through", () => {
    expect(check("Bearer the-real-token")).toBe("passed");
  });

  it("raises the missing error without a bearer token, even when the bare token is sent", () => {
    expect(check(undefined)).toBeInstanceOf(Missing);
    expect(check("the-real-token")).toBeInstanceOf(Missing);
    expect(check("Basic the-real-token")).toBeInstanceOf(Missing);
  });

  it("raises the invalid error with a wrong bearer token", () => {
    expect(check("Bearer the-real-tokeN")).toBeInstanceOf(Invalid);
    expect(check("Bearer x")).toBeInstanceOf(Invalid);
  });
});
