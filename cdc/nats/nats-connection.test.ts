import { natsServers } from "./nats-connection";

describe("natsServers", () => {
  it("reads one server", () => {
    expect(natsServers("nats://127.0.0.1:4222")).toEqual(["nats://127.0.0.1:4222"]);
  });

  it("reads the servers of a cluster, comma-separated, blanks around the commas ignored", () => {
    expect(natsServers(" nats://127.0.0.1:4222 , nats://127.0.0.1:4223,tls://nats-3:4222")).toEqual(["nats://127.0.0.1:4222", "nats://127.0.0.1:4223", "tls://nats-3:4222"]);
  });

  it("drops empty entries (a trailing comma)", () => {
    expect(natsServers("nats://127.0.0.1:4222,")).toEqual(["nats://127.0.0.1:4222"]);
  });
});
