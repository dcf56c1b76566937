import { FreshRead } from "./fresh-read";

describe("FreshRead", () => {
  it("answers each caller with a fetch that started at or after its call, sharing fetches", async () => {
    let started = 0;
    const releases: Array<() => void> = [];
    const reader = new FreshRead(
      () =>
        new Promise<number>((resolve) => {
          const number = ++started;
          releases.push(() => resolve(number));
        }),
    );
    const first = reader.read();
    // Both arrive while fetch 1 is in flight: it started before them, so they share fetch 2.
    const second = reader.read();
    const third = reader.read();
    expect(started).toBe(1);
    releases[0]();
    expect(await first).toBe(1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toBe(2);
    releases[1]();
    expect(await second).toBe(2);
    expect(await third).toBe(2);
  });

  it("goes on after a failed fetch", async () => {
    let calls = 0;
    const reader = new FreshRead(async () => {
      calls += 1;
      if (calls === 1) throw new Error("down");
      return calls;
    });
    await expect(reader.read()).rejects.toThrow("down");
    expect(await reader.read()).toBe(2);
  });
});
