import { backoffDelay, DEFAULT_BACKOFF, formatDelay, formatUptime, planRestart, type BackoffPolicy } from "./backoff";

describe("the restart backoff of npm start's supervisor", () => {
  it("doubles from 0.5 s up to 30 s and stays there", () => {
    const delays = Array.from({ length: 10 }, (_, i) => backoffDelay(DEFAULT_BACKOFF, i + 1));
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000, 30_000]);
    expect(backoffDelay(DEFAULT_BACKOFF, 10_000)).toBe(30_000);
  });

  it("counts exits in a row, and starts over after a part stayed up long enough", () => {
    let failures = 0;
    const delays: number[] = [];
    for (const upMs of [5_000, 0, 0, 59_999]) {
      const plan = planRestart(DEFAULT_BACKOFF, failures, upMs);
      failures = plan.failuresInARow;
      delays.push(plan.delayMs);
    }
    expect(delays).toEqual([500, 1000, 2000, 4000]);
    expect(planRestart(DEFAULT_BACKOFF, failures, 60_000)).toEqual({ failuresInARow: 1, delayMs: 500 });
    expect(planRestart(DEFAULT_BACKOFF, 6, 3_600_000)).toEqual({ failuresInARow: 1, delayMs: 500 });
  });

  it("the first exit of a part waits the initial delay, whatever its uptime", () => {
    expect(planRestart(DEFAULT_BACKOFF, 0, 0)).toEqual({ failuresInARow: 1, delayMs: 500 });
    expect(planRestart(DEFAULT_BACKOFF, 0, 10 * 60_000)).toEqual({ failuresInARow: 1, delayMs: 500 });
  });

  it("follows another policy's numbers", () => {
    const policy: BackoffPolicy = { initialMs: 100, maxMs: 1000, factor: 3, resetAfterMs: 5000 };
    expect([1, 2, 3, 4].map((n) => backoffDelay(policy, n))).toEqual([100, 300, 900, 1000]);
    expect(planRestart(policy, 3, 4999).failuresInARow).toBe(4);
    expect(planRestart(policy, 3, 5000).failuresInARow).toBe(1);
  });

  it("treats nonsense counts as the first failure", () => {
    expect(backoffDelay(DEFAULT_BACKOFF, 0)).toBe(500);
    expect(backoffDelay(DEFAULT_BACKOFF, -3)).toBe(500);
    expect(planRestart(DEFAULT_BACKOFF, -1, 0).failuresInARow).toBe(1);
  });

  it("says delays and uptimes briefly", () => {
    expect([500, 1000, 30_000].map(formatDelay)).toEqual(["0.5 s", "1 s", "30 s"]);
    expect([999, 45_000, 185_000, 7_260_000].map(formatUptime)).toEqual(["0s", "45s", "3m 05s", "2h 01m"]);
  });
});
