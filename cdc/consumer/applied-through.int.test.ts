import { setTimeout as sleep } from "node:timers/promises";
import { usePipeline } from "../../testing";
import { startConsumer } from "../start-consumer";
import { startRelay } from "../start-relay";
import { writeItemChanges } from "../testing";
import { defineMapping, tableMapping } from "./mapping";

/**
 * appliedThroughPosition is what the proxy's read-your-writes trusts (docs/read-your-writes.md):
 * once a consumer's status says P, a read of its target must see every change at or below P. Here
 * the consumer is slowed (a random delay before each batch) and some changes fail once (they are
 * redelivered later, so changes are applied out of position order), while a writer commits
 * transactions of mixed sizes; after every status, every logged change at or below the claimed
 * position must be in the target's apply history.
 */
describe.each(["sqlite", "postgres", "postgres-v2"] as const)("appliedThroughPosition on a %s source (real nats-server)", (source) => {
  const pipeline = usePipeline("each", undefined, { source });

  it("never claims a change that a read of the target would not see, and reaches the log's head", async () => {
    const failOnce = new Set<string>();
    const base = pipeline.fixture.mapping.items;
    const mapping = defineMapping({
      items: tableMapping({
        ...base,
        async upsert(row, tx, change) {
          if (failOnce.delete(String(row.name))) throw new Error("transient failure (test)");
          return base.upsert(row as never, tx, change);
        },
      }),
    });
    const relay = pipeline.track(await startRelay({ db: pipeline.fixture.source, url: pipeline.nats.url, progressFile: pipeline.fixture.relayProgressFile }));
    const consumer = pipeline.track(
      await startConsumer({
        db: pipeline.fixture.target,
        url: pipeline.nats.url,
        source: "shop",
        durable: "read-your-writes",
        mapping,
        retryBaseMs: 10,
        retryMaxMs: 40,
        ackWaitMs: 2000,
        hooks: { beforeApply: () => sleep(Math.floor(Math.random() * 20)) },
      }),
    );

    let writing = true;
    const writer = (async () => {
      try {
        for (let t = 0; t < 40; t++) {
          const count = 1 + (t % 9);
          // Names as writeItemChanges makes them; every fifth change fails once.
          for (let d = 0; d < count; d += 5) failOnce.add(`t${t}-${1 + (d % 25)}-${d}`);
          await writeItemChanges(pipeline.fixture.source, { count, keys: 25, perTransaction: count, label: `t${t}` });
          await sleep(Math.floor(Math.random() * 15));
        }
      } finally {
        writing = false;
      }
    })();

    let proofs = 0;
    let claimed: number | null = null;
    const deadline = Date.now() + 120_000;
    for (;;) {
      claimed = (await consumer.consumer.status()).appliedThroughPosition;
      if (claimed !== null) {
        const applied = new Set((await pipeline.fixture.appliedHistory()).map((change) => change.position));
        const missing = (await pipeline.fixture.sourceChanges()).filter((change) => change.position <= claimed! && !applied.has(change.position));
        expect(missing).toEqual([]);
        proofs += 1;
      }
      if (!writing && claimed !== null && claimed >= (await relay.relay.head())) break;
      if (Date.now() > deadline) throw new Error(`appliedThroughPosition stayed at ${claimed}, below the log's head ${await relay.relay.head()}`);
      await sleep(10);
    }
    await writer;
    expect(proofs).toBeGreaterThan(5);
    expect(failOnce.size).toBe(0);
  });
});
