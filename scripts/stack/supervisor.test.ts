import { existsSync, readFileSync } from "node:fs";
import type { ChildProcess } from "node:child_process";
import { waitUntil } from "../../testing/proxy/admin-client";
import { tempDir, type TempDir } from "../../testing/temp-dir";
import type { ChildExit, PartProcess } from "./child-process";
import { pidFilePath, readStackState } from "./stack-files";
import { Supervisor } from "./supervisor";

/** A process that exists only in memory: ends when the test says so. */
function fakeProcess(name: string, pid: number): PartProcess & { end(exit: ChildExit): void } {
  let end!: (exit: ChildExit) => void;
  let hasExited = false;
  const ended = new Promise<ChildExit>((resolve) => (end = resolve)).then((exit) => {
    hasExited = true;
    return exit;
  });
  const stop = async () => {
    if (!hasExited) end({ code: 0, signal: null });
    await ended;
  };
  return {
    name,
    pid,
    process: {} as ChildProcess,
    logFile: `/logs/${name}.log`,
    tail: () => `last line of ${name} ${pid}`,
    exited: ended.then((exit) => exit.code),
    ended,
    get hasExited() {
      return hasExited;
    },
    waitForLine: () => Promise.reject(new Error("not used")),
    stop,
    kill: async () => {
      if (!hasExited) end({ code: null, signal: "SIGKILL" });
      await ended;
    },
    end: (exit) => end(exit),
  };
}

describe("the supervisor of npm start", () => {
  let dir: TempDir;
  let lines: string[];
  let nextPid: number;
  const runs: Array<ReturnType<typeof fakeProcess>> = [];
  const created: Supervisor[] = [];
  const supervisor = (initialMs = 20) => {
    const made = new Supervisor({ dataDir: dir.path, say: (line) => lines.push(line), policy: { initialMs, maxMs: initialMs * 4, factor: 2, resetAfterMs: 60_000 } });
    created.push(made);
    return made;
  };
  const part = (name: string, ready: (first: boolean) => Promise<void> = () => Promise.resolve()) => ({
    name,
    spawn: () => {
      const run = fakeProcess(name, nextPid++);
      runs.push(run);
      return run;
    },
    ready: (_run: PartProcess, first: boolean) => ready(first),
    describe: () => `http://${name}`,
  });
  const pidFile = (name: string) => (existsSync(pidFilePath(dir.path, name)) ? readFileSync(pidFilePath(dir.path, name), "utf8").trim() : null);
  const stateOf = (name: string) => readStackState(dir.path)?.parts.find((p) => p.name === name);

  beforeEach(() => {
    dir = tempDir("supervisor-");
    lines = [];
    nextPid = 1000;
    runs.length = 0;
  });
  afterEach(async () => {
    for (const made of created.splice(0)) await made.stopAll();
    dir.remove();
  });

  it("restarts a part that exits, says so, and keeps pid file and state file up to date", async () => {
    const sup = supervisor();
    await sup.start(part("monolith"));
    await sup.start(part("catalog"));
    expect(pidFile("monolith")).toBe("1000");
    expect(stateOf("monolith")).toMatchObject({ state: "running", pid: 1000, restarts: 0, lastExit: null });
    expect(readStackState(dir.path)?.supervisor.pid).toBe(process.pid);

    runs[0]!.end({ code: null, signal: "SIGKILL" });
    await waitUntil(() => stateOf("monolith")?.state === "running" && stateOf("monolith")?.restarts === 1, 5000);
    expect(lines[0]).toMatch(/^monolith {4}exited \(signal SIGKILL\) after \d+s; restarting in 0\.0 s \(restart 1\)$/);
    expect(lines[1]).toBe("monolith    back: http://monolith (pid 1002, restart 1)");
    expect(pidFile("monolith")).toBe("1002");
    expect(stateOf("monolith")).toMatchObject({ pid: 1002, lastExit: { code: null, signal: "SIGKILL" } });
    // The other part was not touched.
    expect(stateOf("catalog")).toMatchObject({ state: "running", pid: 1001, restarts: 0 });
    expect(runs[1]!.hasExited).toBe(false);

    await sup.stopAll();
    expect(pidFile("monolith")).toBeNull();
    expect(pidFile("catalog")).toBeNull();
    expect(stateOf("monolith")?.state).toBe("stopped");
    sup.removeState();
    expect(readStackState(dir.path)).toBeNull();
  });

  it("backs off while a part keeps failing to come back, and shows its last lines", async () => {
    const sup = supervisor(100);
    let attempts = 0;
    await sup.start(
      part("relay", async (first) => {
        if (first) return;
        attempts += 1;
        if (attempts <= 3) {
          runs.at(-1)!.end({ code: 1, signal: null });
          throw new Error("exited before it was ready");
        }
      }),
    );
    runs[0]!.end({ code: 2, signal: null });
    await waitUntil(() => stateOf("relay")?.state === "running" && stateOf("relay")?.restarts === 4, 5000);
    const delays = lines.filter((line) => line.includes("restarting in")).map((line) => /restarting in ([\d.]+ s)/.exec(line)?.[1]);
    expect(delays).toEqual(["0.1 s", "0.2 s", "0.4 s", "0.4 s"]);
    expect(lines[0]).toContain("exited (code 2) after");
    expect(lines[1]).toContain("exited (code 1) before it was ready; restarting in 0.2 s (restart 2). Its last lines:\n    last line of relay 1001");
    expect(stateOf("relay")).toMatchObject({ restarts: 4, pid: 1004 });
    await sup.stopAll();
  });

  it("kills a restarted process that stays alive without getting ready, then tries again", async () => {
    const sup = supervisor();
    let attempts = 0;
    await sup.start(
      part("proxy", async (first) => {
        if (!first && ++attempts === 1) throw new Error("not ready after 60 s");
      }),
    );
    runs[0]!.end({ code: null, signal: "SIGKILL" });
    await waitUntil(() => stateOf("proxy")?.state === "running" && stateOf("proxy")?.restarts === 2, 5000);
    expect(lines.some((line) => line === "proxy       did not come back (not ready after 60 s); killing pid 1001")).toBe(true);
    await sup.stopAll();
  });

  it("does not restart a part before it was ready once, nor anything while stopping", async () => {
    const sup = supervisor();
    await expect(
      sup.start(
        part("monolith", async () => {
          runs[0]!.end({ code: 1, signal: null });
          throw new Error("exited before it was ready");
        }),
      ),
    ).rejects.toThrow("monolith did not start: exited before it was ready\nlast line of monolith 1000\n(full log: /logs/monolith.log)");
    await new Promise((resolve) => setImmediate(resolve));
    expect(runs).toHaveLength(1);
    expect(stateOf("monolith")?.state).toBe("stopped");

    await sup.start(part("catalog"));
    await sup.stopAll();
    expect(runs).toHaveLength(2);
    expect(lines).toEqual([]);
  });

  it("cancels a pending restart on stop", async () => {
    const sup = supervisor(60_000);
    await sup.start(part("catalog"));
    runs[0]!.end({ code: null, signal: "SIGKILL" });
    await waitUntil(() => stateOf("catalog")?.state === "restarting", 5000);
    expect(stateOf("catalog")?.nextRestartAt).not.toBeNull();
    await sup.stopAll();
    expect(stateOf("catalog")).toMatchObject({ state: "stopped", nextRestartAt: null });
    expect(runs).toHaveLength(1);
  });

  it("keeps a pid file while a one-shot command runs and removes it after", async () => {
    const sup = supervisor();
    const run = fakeProcess("catalog-backfill", 4242);
    const done = sup.runOnce(() => run);
    expect(pidFile("catalog-backfill")).toBe("4242");
    run.end({ code: 0, signal: null });
    expect((await done).exit).toEqual({ code: 0, signal: null });
    expect(pidFile("catalog-backfill")).toBeNull();
  });
});
