import { isBusySnapshot, retryOnBusySnapshot } from "./busy-snapshot";

const busy = () => Object.assign(new Error("database is locked"), { code: "SQLITE_BUSY_SNAPSHOT" });
const wrapped = () => Object.assign(new Error("query failed"), { driverError: busy() });

describe("retrying a write transaction SQLite refused with SQLITE_BUSY_SNAPSHOT", () => {
  it("recognises the error bare and inside TypeORM's QueryFailedError, and nothing else", () => {
    expect(isBusySnapshot(busy())).toBe(true);
    expect(isBusySnapshot(wrapped())).toBe(true);
    expect(isBusySnapshot(Object.assign(new Error("locked"), { code: "SQLITE_BUSY" }))).toBe(false);
    expect(isBusySnapshot(new Error("other"))).toBe(false);
    expect(isBusySnapshot(undefined)).toBe(false);
  });

  it("runs the transaction again until it commits", async () => {
    let runs = 0;
    const result = await retryOnBusySnapshot(async () => {
      runs += 1;
      if (runs < 3) throw wrapped();
      return "committed";
    });
    expect({ result, runs }).toEqual({ result: "committed", runs: 3 });
  });

  it("does not run it again for any other error", async () => {
    let runs = 0;
    await expect(
      retryOnBusySnapshot(async () => {
        runs += 1;
        throw new Error("constraint failed");
      }),
    ).rejects.toThrow("constraint failed");
    expect(runs).toBe(1);
  });

  it("gives up after the given number of attempts with SQLite's error", async () => {
    let runs = 0;
    await expect(
      retryOnBusySnapshot(async () => {
        runs += 1;
        throw busy();
      }, 3),
    ).rejects.toMatchObject({ code: "SQLITE_BUSY_SNAPSHOT" });
    expect(runs).toBe(3);
  });
});
