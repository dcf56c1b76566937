import { commandLine, decideLeftover, isOurs, parsePidFile, partIdentities, SUPERVISOR, unverifiedFix, type PidFileFacts, type ProcessFacts } from "./leftovers";

const ROOT = "/repo";
const DATA = "/srv/data";
const SELF = 999;
const identities = partIdentities(ROOT, DATA, { monolith: "monolith/main.ts", catalog: "extracted/catalog/main.ts" });
const node = (pid: number, entry: string, dataDirEnv?: string): ProcessFacts => ({
  pid,
  argv: ["/usr/bin/node", "--require", `${ROOT}/scripts/stack/parent-watch.cjs`, "--import", "tsx", `${ROOT}/${entry}`],
  dataDirEnv,
});
const facts = (part: string, content: string, alive: ProcessFacts[] | null): PidFileFacts => ({ part, file: `${DATA}/stack/${part}.pid`, content, alive });
const decide = (f: PidFileFacts) => decideLeftover(f, identities[f.part], DATA, SELF);

describe("pid files of an earlier npm start", () => {
  it("reads one positive process id, nothing else", () => {
    expect(parsePidFile("1234\n")).toBe(1234);
    expect(parsePidFile("  42 ")).toBe(42);
    for (const bad of ["", "\n", "abc", "12 34", "-5", "0", "1", "3.5", "99999999999", "1234\n5678"]) expect(parsePidFile(bad)).toBeNull();
  });

  it("removes the file of a process that is gone", () => {
    expect(decide(facts("monolith", "1234\n", []))).toEqual({ kind: "stale", part: "monolith", file: `${DATA}/stack/monolith.pid`, pid: 1234 });
  });

  it("treats a file naming this very process as stale (its pid was reused by us)", () => {
    expect(decide(facts("catalog", `${SELF}\n`, [node(SELF, "scripts/stack/start.ts")]))).toMatchObject({ kind: "stale", pid: SELF });
  });

  it("stops a live process verified by its command line, with everything in its group", () => {
    expect(decide(facts("catalog", "1234\n", [node(1234, "extracted/catalog/main.ts", DATA)]))).toEqual({
      kind: "stop",
      part: "catalog",
      file: `${DATA}/stack/catalog.pid`,
      pid: 1234,
      pids: [1234],
    });
    const store = `${DATA}/nats`;
    const watcher: ProcessFacts = { pid: 50, argv: ["/usr/bin/node", "--require", `${ROOT}/scripts/stack/parent-watch.cjs`, `${ROOT}/scripts/stack/watched-exec.cjs`, "/usr/sbin/nats-server", "-p", "4222", "-js", "-sd", store] };
    const server: ProcessFacts = { pid: 51, argv: ["/usr/sbin/nats-server", "-a", "127.0.0.1", "-p", "4222", "-js", "-sd", store] };
    expect(decide(facts("nats", "50", [watcher, server]))).toMatchObject({ kind: "stop", pids: [50, 51] });
    // The watcher killed, nats-server left alone in its group: still found, still verified.
    expect(decide(facts("nats", "50", [server]))).toMatchObject({ kind: "stop", pids: [51] });
  });

  it("stops a node of a local nats cluster by its configuration file under the data folder, never another one", () => {
    const conf = `${DATA}/nats-cluster/nats-2.conf`;
    const watcher: ProcessFacts = { pid: 60, argv: ["/usr/bin/node", "--require", `${ROOT}/scripts/stack/parent-watch.cjs`, `${ROOT}/scripts/stack/watched-exec.cjs`, "/usr/sbin/nats-server", "-c", conf] };
    const server: ProcessFacts = { pid: 61, argv: ["/usr/sbin/nats-server", "-c", conf] };
    expect(decide(facts("nats-2", "60", [watcher, server]))).toMatchObject({ kind: "stop", pids: [60, 61] });
    expect(decide(facts("nats-2", "61", [{ pid: 61, argv: ["/usr/sbin/nats-server", "-c", `${DATA}/nats-cluster/nats-1.conf`] }]))).toMatchObject({ kind: "unverified" });
    expect(decide(facts("nats-2", "61", [{ pid: 61, argv: ["/usr/sbin/nats-server", "-c", "/elsewhere/nats-cluster/nats-2.conf"] }]))).toMatchObject({ kind: "unverified" });
  });

  it("never stops a reused pid: another program, the same entry on another data folder, or an unreadable command line", () => {
    const reused = decide(facts("monolith", "1234", [{ pid: 1234, argv: ["sleep", "1000"] }]));
    expect(reused).toMatchObject({ kind: "unverified", pid: 1234, why: expect.stringContaining("`sleep 1000`") });
    expect(decide(facts("monolith", "1234", [node(1234, "monolith/main.ts", "/other/data")]))).toMatchObject({ kind: "unverified" });
    expect(decide(facts("monolith", "1234", [{ pid: 1234, argv: null }]))).toMatchObject({ kind: "unverified", why: expect.stringContaining("command line not readable") });
    expect(decide(facts("monolith", "1234", [node(1234, "extracted/catalog/main.ts", DATA)]))).toMatchObject({ kind: "unverified" });
    const otherStore: ProcessFacts = { pid: 51, argv: ["/usr/sbin/nats-server", "-js", "-sd", "/elsewhere/nats"] };
    expect(decide(facts("nats", "51", [otherStore]))).toMatchObject({ kind: "unverified" });
  });

  it("refuses when one process of the group is not ours, even if the leader is", () => {
    expect(decide(facts("catalog", "1234", [node(1234, "extracted/catalog/main.ts"), { pid: 1300, argv: ["bash"] }]))).toMatchObject({
      kind: "unverified",
      why: expect.stringContaining("pid 1300"),
    });
  });

  it("refuses what cannot be checked: no /proc, a file without a pid, a part it does not know", () => {
    expect(decide(facts("monolith", "1234", null))).toMatchObject({ kind: "unverified", pid: 1234, why: expect.stringContaining("no /proc") });
    expect(decide(facts("monolith", "garbage\n", []))).toMatchObject({ kind: "unverified", pid: null });
    expect(decide(facts("mystery", "1234", [node(1234, "mystery/main.ts")]))).toMatchObject({ kind: "unverified", why: expect.stringContaining("mystery") });
    // …but a file of an unknown part whose process is gone is just stale.
    expect(decide(facts("mystery", "1234", []))).toMatchObject({ kind: "stale" });
  });

  it("reports a supervisor that still runs (another npm start), and never stops it", () => {
    const supervisor: ProcessFacts = { pid: 77, argv: ["/usr/bin/node", "--require", "/repo/node_modules/tsx/dist/preflight.cjs", "scripts/stack/start.ts"] };
    expect(decide(facts(SUPERVISOR, "77", [supervisor]))).toEqual({ kind: "running", part: SUPERVISOR, file: `${DATA}/stack/supervisor.pid`, pid: 77 });
    expect(decide(facts(SUPERVISOR, "77", []))).toMatchObject({ kind: "stale" });
    expect(decide(facts(SUPERVISOR, "77", [{ pid: 77, argv: ["vim"] }]))).toMatchObject({ kind: "unverified" });
  });

  it("checks the data folder only when the environment names an absolute one", () => {
    const identity = identities.monolith!;
    expect(isOurs(node(1, "monolith/main.ts"), identity, DATA)).toBe(true);
    expect(isOurs(node(1, "monolith/main.ts", "./.strangler"), identity, DATA)).toBe(true);
    expect(isOurs(node(1, "monolith/main.ts", `${DATA}/`), identity, DATA)).toBe(true);
    expect(isOurs(node(1, "monolith/main.ts", "/tmp/x"), identity, DATA)).toBe(false);
  });

  it("says which pid, which file and how to stop it", () => {
    const decision = decide(facts("monolith", "1234", [{ pid: 1234, argv: ["sleep", "1000"] }]));
    if (decision.kind !== "unverified") throw new Error("expected unverified");
    const fix = unverifiedFix(decision, ".strangler/stack/monolith.pid");
    expect(fix).toContain("kill 1234");
    expect(fix).toContain("rm .strangler/stack/monolith.pid");
    expect(unverifiedFix({ kind: "unverified", part: "relay", file: "f", pid: null, why: "" }, "f")).toBe("delete f (rm f) and start again.");
    expect(commandLine(Array.from({ length: 100 }, () => "argument")).length).toBeLessThanOrEqual(160);
  });
});
