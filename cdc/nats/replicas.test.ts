import { clusterFacts, decideReplicas } from "./replicas";

const urls = (count: number) => Array.from({ length: count }, (_, index) => `127.0.0.1:${4222 + index}`);

describe("clusterFacts (from a server's INFO)", () => {
  it("reads a lone server as one server, whatever it advertises", () => {
    expect(clusterFacts({})).toEqual({ cluster: null, servers: 1 });
    expect(clusterFacts(undefined)).toEqual({ cluster: null, servers: 1 });
    expect(clusterFacts({ connect_urls: urls(3) })).toEqual({ cluster: null, servers: 1 });
  });

  it("counts the servers a cluster member advertises, itself included, each once", () => {
    expect(clusterFacts({ cluster: "prod", connect_urls: urls(3) })).toEqual({ cluster: "prod", servers: 3 });
    expect(clusterFacts({ cluster: "prod", connect_urls: [...urls(2), ...urls(2)] })).toEqual({ cluster: "prod", servers: 2 });
  });

  it("counts a cluster that advertises nothing (no_advertise) as one server", () => {
    expect(clusterFacts({ cluster: "prod" })).toEqual({ cluster: "prod", servers: 1 });
  });
});

describe("decideReplicas", () => {
  it("keeps one copy on a lone server", () => {
    expect(decideReplicas({ cluster: null, servers: 1 })).toBe(1);
  });

  it("keeps 3 copies on a cluster of 3 or more servers", () => {
    expect(decideReplicas({ cluster: "c", servers: 3 })).toBe(3);
    expect(decideReplicas({ cluster: "c", servers: 5 })).toBe(3);
    expect(decideReplicas({ cluster: "c", servers: 9 })).toBe(3);
  });

  it("keeps one copy on a cluster of fewer than 3 servers (or one with a server down at creation)", () => {
    expect(decideReplicas({ cluster: "c", servers: 1 })).toBe(1);
    expect(decideReplicas({ cluster: "c", servers: 2 })).toBe(1);
  });

  it("takes an explicit number (NATS_REPLICAS) over the cluster's size, either way", () => {
    expect(decideReplicas({ cluster: "c", servers: 3 }, 1)).toBe(1);
    expect(decideReplicas({ cluster: "c", servers: 5 }, 5)).toBe(5);
    expect(decideReplicas({ cluster: null, servers: 1 }, 3)).toBe(3);
  });
});
