import { LagWindow } from "./lag-window";

describe("LagWindow", () => {
  it("gives nearest-rank percentiles of the recent samples only", () => {
    const window = new LagWindow(100);
    for (let ms = 1; ms <= 200; ms++) window.add(ms);
    expect(window.count).toBe(100);
    expect(window.percentile(50)).toBe(150);
    expect(window.percentile(99)).toBe(199);
  });

  it("has no percentile without samples", () => {
    expect(new LagWindow().percentile(50)).toBeNull();
  });
});
