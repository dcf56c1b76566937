import { fallbackVerdict } from "./fallback-policy";

describe("fallbackVerdict", () => {
  it.each(["GET", "HEAD", "OPTIONS"])("retries an idempotent %s after any failure before the answer", (method) => {
    expect(fallbackVerdict(method, false, "no-answer", true)).toEqual({ retry: true });
  });

  it.each(["POST", "PUT", "PATCH", "DELETE"])("does not retry a %s without Idempotency-Key", (method) => {
    expect(fallbackVerdict(method, false, "connect-refused", true)).toEqual({ retry: false, reason: `${method} without Idempotency-Key is not retried` });
  });

  it("retries a write with Idempotency-Key only when nothing reached the service and its body was kept", () => {
    expect(fallbackVerdict("POST", true, "connect-refused", true)).toEqual({ retry: true });
    expect(fallbackVerdict("POST", true, "breaker-open", true)).toEqual({ retry: true });
    expect(fallbackVerdict("DELETE", true, "not-committed", true)).toEqual({ retry: true });
    expect(fallbackVerdict("POST", true, "no-answer", true)).toMatchObject({ retry: false, reason: expect.stringMatching(/may have committed/) });
    expect(fallbackVerdict("POST", true, "connect-refused", false)).toMatchObject({ retry: false, reason: expect.stringMatching(/maxBodyBytes/) });
  });
});
