import { CircuitBreaker, type BreakerSnapshot } from "./circuit-breaker";

describe("CircuitBreaker", () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it("opens after failureThreshold consecutive failures, and a success in between resets the count", () => {
    const breaker = new CircuitBreaker("catalog", { failureThreshold: 3, coolDownMs: 1000 }, async () => true);
    breaker.failure();
    breaker.failure();
    breaker.success();
    breaker.failure();
    breaker.failure();
    expect(breaker.allows()).toBe(true);
    breaker.failure();
    expect(breaker.snapshot()).toMatchObject({ state: "open", opened: 1 });
    expect(breaker.allows()).toBe(false);
  });

  it("probes after the cool-down and closes when the probe succeeds", async () => {
    const changes: BreakerSnapshot[] = [];
    const breaker = new CircuitBreaker("catalog", { failureThreshold: 1, coolDownMs: 1000 }, async () => true, (s) => changes.push(s));
    breaker.failure();
    await jest.advanceTimersByTimeAsync(999);
    expect(breaker.state()).toBe("open");
    await jest.advanceTimersByTimeAsync(1);
    expect(changes.map((c) => c.state)).toEqual(["open", "half-open", "closed"]);
    expect(breaker.allows()).toBe(true);
  });

  it("opens again for another cool-down when the probe fails", async () => {
    let healthy = false;
    const breaker = new CircuitBreaker("catalog", { failureThreshold: 1, coolDownMs: 100 }, async () => healthy);
    breaker.failure();
    await jest.advanceTimersByTimeAsync(100);
    expect(breaker.snapshot()).toMatchObject({ state: "open", opened: 2 });
    healthy = true;
    await jest.advanceTimersByTimeAsync(100);
    expect(breaker.state()).toBe("closed");
    breaker.close();
  });
});
