import type { DataSource, EntityManager } from "typeorm";
import { SerialDatabase } from "./serial-database";

/** A DataSource stand-in that records when units of work start and end. */
function fakeDataSource(events: string[]): DataSource {
  const manager = {} as EntityManager;
  return {
    manager,
    transaction: async <T>(work: (m: EntityManager) => Promise<T>) => {
      events.push("begin");
      try {
        return await work(manager);
      } finally {
        events.push("end");
      }
    },
  } as unknown as DataSource;
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("SerialDatabase", () => {
  it("never lets two units of work overlap", async () => {
    const events: string[] = [];
    const db = new SerialDatabase(fakeDataSource(events));
    const work = (name: string) => async () => {
      events.push(`${name}:start`);
      await tick();
      events.push(`${name}:done`);
      return name;
    };
    const results = await Promise.all([db.write(work("a")), db.read(work("b")), db.write(work("c"))]);
    expect(results).toEqual(["a", "b", "c"]);
    expect(events).toEqual(["begin", "a:start", "a:done", "end", "b:start", "b:done", "begin", "c:start", "c:done", "end"]);
  });

  it("keeps going after a unit of work fails", async () => {
    const db = new SerialDatabase(fakeDataSource([]));
    const failed = db.write(async () => {
      throw new Error("boom");
    });
    await expect(failed).rejects.toThrow("boom");
    await expect(db.read(async () => "next")).resolves.toBe("next");
  });
});
