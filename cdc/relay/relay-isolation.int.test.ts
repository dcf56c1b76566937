import { testNatsServer, type TestNatsServer } from "../../testing";
import { startConsumer, type RunningConsumer } from "../start-consumer";
import { startRelay, type RunningRelay } from "../start-relay";
import { assertHistory, pipelineFixture, waitUntil, type PipelineFixture } from "../testing";

let nats: TestNatsServer;
let fixture: PipelineFixture;
const running: Array<RunningRelay | RunningConsumer> = [];

beforeAll(async () => {
  nats = await testNatsServer();
  fixture = await pipelineFixture();
});

afterAll(async () => {
  try {
    for (const part of running.splice(0)) await part.stop();
  } finally {
    await fixture?.close();
    await nats?.close();
  }
});

describe("relay isolation from the application's open transactions", () => {
  it("never publishes a change whose transaction is still open and then rolls back, so the next change with the same position is not lost", async () => {
    let reads = 0;
    running.push(await startRelay({ db: fixture.source, url: nats.url, pollMs: 5, hooks: { afterRead: () => void reads++ } }));
    running.push(await startConsumer({ db: fixture.target, url: nats.url, source: "shop", durable: "copies", mapping: fixture.mapping }));

    await expect(
      fixture.source.transaction(async (tx) => {
        await tx.query(`INSERT INTO "items" ("id", "name", "qty") VALUES (1, 'phantom', 1)`);
        // The application awaits real I/O inside its transaction; the relay polls meanwhile.
        const seen = reads;
        await waitUntil(() => reads >= seen + 3, "three relay polls during the open transaction");
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    await fixture.source.query(`INSERT INTO "items" ("id", "name", "qty") VALUES (2, 'real', 1)`);

    await waitUntil(async () => (await fixture.target.query(`SELECT "id" FROM "item_copies"`)).length > 0, "a change applied");
    await waitUntil(async () => (await fixture.appliedHistory()).length >= (await fixture.sourceChanges()).length, "every change applied");
    expect(await fixture.target.query(`SELECT "id", "name" FROM "item_copies"`)).toEqual([{ id: 2, name: "real" }]);
    assertHistory(await fixture.sourceChanges(), await fixture.appliedHistory());
  });
});
