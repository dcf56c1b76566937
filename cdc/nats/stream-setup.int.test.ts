import { jetstreamManager } from "@nats-io/jetstream";
import { nanos } from "@nats-io/transport-node";
import { testNatsServer, type TestNatsServer } from "../../testing";
import { connectNats } from "./nats-connection";
import { JetStreamPublisher } from "./jetstream-publisher";

let nats: TestNatsServer;

beforeAll(async () => {
  nats = await testNatsServer();
});

afterAll(async () => {
  await nats?.close();
});

describe("stream checks at relay start", () => {
  it("creates a missing stream with settings that keep every change", async () => {
    const publisher = await JetStreamPublisher.open({ url: nats.url, source: "fresh" });
    await publisher.close();
    const nc = await connectNats(nats.url, "check");
    const { config } = await (await jetstreamManager(nc)).streams.info("CDC_FRESH");
    await nc.close();
    expect(config).toMatchObject({ subjects: ["cdc.fresh.>"], retention: "limits", max_age: 0, max_msgs: -1, max_bytes: -1, storage: "file" });
    expect(config.duplicate_window).toBeGreaterThanOrEqual(nanos(2 * 3600_000));
  });

  it("refuses to start on a stream that would expire unconsumed changes", async () => {
    const nc = await connectNats(nats.url, "setup");
    await (await jetstreamManager(nc)).streams.add({ name: "CDC_AGED", subjects: ["cdc.aged.>"], max_age: nanos(60_000) });
    await nc.close();
    await expect(JetStreamPublisher.open({ url: nats.url, source: "aged" })).rejects.toMatchObject({ code: "CDC_ERR_STREAM_UNSAFE", message: expect.stringContaining("max_age") });
  });
});
