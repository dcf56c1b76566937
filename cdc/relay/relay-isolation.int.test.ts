import { usePipeline } from "../../testing";
import { startConsumer } from "../start-consumer";
import { startRelay } from "../start-relay";
import { assertHistory, waitUntil } from "../testing";

const pipeline = usePipeline("all");

describe("relay isolation from the application's open transactions", () => {
  it("never publishes a change whose transaction is still open and then rolls back, so the next change with the same position is not lost", async () => {
    let reads = 0;
    pipeline.track(await startRelay({ db: pipeline.fixture.source, url: pipeline.nats.url, pollMs: 5, hooks: { afterRead: () => void reads++ } }));
    pipeline.track(await startConsumer({ db: pipeline.fixture.target, url: pipeline.nats.url, source: "shop", durable: "copies", mapping: pipeline.fixture.mapping }));

    await expect(
      pipeline.fixture.source.transaction(async (tx) => {
        await tx.query(`INSERT INTO "items" ("id", "name", "qty") VALUES (1, 'phantom', 1)`);
        // The application awaits real I/O inside its transaction; the relay polls meanwhile.
        const seen = reads;
        await waitUntil(() => reads >= seen + 3, "three relay polls during the open transaction");
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    await pipeline.fixture.source.query(`INSERT INTO "items" ("id", "name", "qty") VALUES (2, 'real', 1)`);

    await waitUntil(async () => (await pipeline.fixture.target.query(`SELECT "id" FROM "item_copies"`)).length > 0, "a change applied");
    await waitUntil(async () => (await pipeline.fixture.appliedHistory()).length >= (await pipeline.fixture.sourceChanges()).length, "every change applied");
    expect(await pipeline.fixture.target.query(`SELECT "id", "name" FROM "item_copies"`)).toEqual([{ id: 2, name: "real" }]);
    assertHistory(await pipeline.fixture.sourceChanges(), await pipeline.fixture.appliedHistory());
  });
});
