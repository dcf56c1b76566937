import { ALL_NATS_PARTS, natsClusterRoot, natsIdentities, natsPartNames, natsStoreDir } from "./nats-parts";

describe("the nats parts of npm start", () => {
  it("are one part nats, or nats-1…nats-N for a local cluster", () => {
    expect(natsPartNames(1)).toEqual(["nats"]);
    expect(natsPartNames(3)).toEqual(["nats-1", "nats-2", "nats-3"]);
    expect(ALL_NATS_PARTS).toEqual(["nats", ...natsPartNames(9)]);
  });

  it("keep their stores under the data folder, the cluster's apart from the one server's", () => {
    expect(natsStoreDir("/srv/data")).toBe("/srv/data/nats");
    expect(natsClusterRoot("/srv/data")).toBe("/srv/data/nats-cluster");
  });

  it("are recognised by the store or the configuration file on their command line", () => {
    const identities = natsIdentities("/srv/data");
    expect(identities.nats.matches(["/usr/sbin/nats-server", "-a", "127.0.0.1", "-p", "4222", "-js", "-sd", "/srv/data/nats"])).toBe(true);
    expect(identities["nats-3"].matches(["/usr/sbin/nats-server", "-c", "/srv/data/nats-cluster/nats-3.conf"])).toBe(true);
    expect(identities["nats-3"].matches(["/usr/sbin/nats-server", "-c", "/srv/data/nats-cluster/nats-2.conf"])).toBe(false);
    expect(identities.nats.matches(["/usr/sbin/nats-server", "-c", "/srv/data/nats"])).toBe(false);
  });
});
