import { isBusyWrite, retryWhenBusy } from "./busy-retry";

const busy = (code = "SQLITE_BUSY_SNAPSHOT") => Object.assign(new Error("database is locked"), { code });
const wrapped = (code?: string) => Object.assign(new Error("query failed"), { driverError: busy(code) });

describe("retrying a write transaction SQLite refused as busy", () => {
  it("recognises SQLITE_BUSY_SNAPSHOT and SQLITE_BUSY, bare and inside TypeORM's QueryFailedError, and nothing else", () => {
    expect(isBusyWrite(busy())).toBe(true);
    expect(isBusyWrite(wrapped())).toBe(true);
    expect(isBusyWrite(busy("SQLITE_BUSY"))).toBe(true);
    expect(isBusyWrite(wrapped("SQLITE_BUSY"))).toBe(true);
    expect(isBusyWrite(Object.assign(new Error("fenced"), { code: "SQLITE_CONSTRAINT_TRIGGER" }))).toBe(false);
    expect(isBusyWrite(new Error("other"))).toBe(false);
    expect(isBusyWrite(undefined)).toBe(false);
  });

  it("runs the transaction again until it commits", async () => {
    let runs = 0;
    const result = await retryWhenBusy(async () => {
      runs += 1;
      if (runs < 3) throw wrapped(runs === 1 ? "SQLITE_BUSY" : "SQLITE_BUSY_SNAPSHOT");
      return "committed";
    });
    expect({ result, runs }).toEqual({ result: "committed", runs: 3 });
  });

  it("does not run it again for any other error", async () => {
    let runs = 0;
    await expect(
      retryWhenBusy(async () => {
        runs += 1;
        throw new Error("constraint failed");
      }),
    ).rejects.toThrow("constraint failed");
    expect(runs).toBe(1);
  });

  it("gives up with SQLite's error once its time is up", async () => {
    let runs = 0;
    await expect(
      retryWhenBusy(async () => {
        runs += 1;
        throw busy();
      }, 30),
    ).rejects.toMatchObject({ code: "SQLITE_BUSY_SNAPSHOT" });
    expect(runs).toBeGreaterThan(1);
  });
});
