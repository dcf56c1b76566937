import { clusterNodeConfig, planCluster } from "./nats-cluster-config";

describe("planCluster", () => {
  it("names the nodes nats-1…n, each with its store, config file and routes to the others", () => {
    const plan = planCluster({ root: "/data/nats-cluster", routePorts: [6001, 6002, 6003] });
    expect(plan.map((node) => node.name)).toEqual(["nats-1", "nats-2", "nats-3"]);
    expect(plan[1]).toEqual({
      name: "nats-2",
      clusterName: "strangler",
      routePort: 6002,
      peerRoutePorts: [6001, 6003],
      storeDir: "/data/nats-cluster/nats-2",
      configFile: "/data/nats-cluster/nats-2.conf",
    });
  });
});

describe("clusterNodeConfig", () => {
  const [node] = planCluster({ root: "/tmp/c", routePorts: [6001, 6002, 6003], clusterName: "test" });

  it("says what nats-server 2.9 needs for a JetStream cluster: server name, store, cluster name, routes", () => {
    const text = clusterNodeConfig(node, -1);
    expect(text).toContain('server_name: "nats-1"');
    expect(text).toContain("port: -1");
    expect(text).toContain('store_dir: "/tmp/c/nats-1"');
    expect(text).toContain('name: "test"');
    expect(text).toContain('listen: "127.0.0.1:6001"');
    expect(text).toContain('"nats-route://127.0.0.1:6002"');
    expect(text).toContain('"nats-route://127.0.0.1:6003"');
    expect(text).not.toContain("nats-route://127.0.0.1:6001");
  });

  it("keeps a known client port for a restart", () => {
    expect(clusterNodeConfig(node, 4300)).toContain("port: 4300");
  });
});
