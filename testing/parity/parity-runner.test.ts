import { normaliseAnswer } from "./parity-runner";

describe("normaliseAnswer", () => {
  it("keeps status, the compared headers and the parsed JSON body, and drops per-request noise", () => {
    const answer = normaliseAnswer({
      status: 200,
      headers: { "content-type": "application/json; charset=utf-8", etag: '"abc"', "x-request-id": "r1", date: "now", "x-served-by": "catalog", "x-total-count": "3" },
      body: '{"a":1}',
    });
    expect(answer).toEqual({ status: 200, headers: { "content-type": "application/json; charset=utf-8", etag: '"abc"', "x-total-count": "3" }, body: { a: 1 } });
  });

  it("keeps a non-JSON body as text", () => {
    expect(normaliseAnswer({ status: 304, headers: {}, body: "" })).toEqual({ status: 304, headers: {}, body: "" });
  });
});
