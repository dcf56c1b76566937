import { backoffMs } from "./backoff";

describe("backoffMs", () => {
  it("doubles from the base and stops at the cap", () => {
    expect([1, 2, 3, 4, 10].map((attempt) => backoffMs(attempt, 100, 500))).toEqual([100, 200, 400, 500, 500]);
  });
});
