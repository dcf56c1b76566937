import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir, waitUntil, type TempDir } from "../testing";
import { stackEnvironment } from "../testing/stack";
import { stackServices } from "../scripts/stack/stack-services";

const ROOT = join(__dirname, "..");
const START = join(ROOT, "scripts", "stack", "start.ts");
const CLI = join(ROOT, "scripts", "cli", "bin.js");
/** The services `npm start` runs, found by manifest as it finds them (the catalog is the one this scenario kills). */
const SERVICES = stackServices(ROOT).map((service) => service.manifest.name);
/** Spawning, restarting and stopping parts takes 10–30 s on a busy 2-core machine. */
const SLOW = 90_000;

interface Part {
  name: string;
  state: string;
  pid: number | null;
  restarts: number;
  uptimeMs: number | null;
}

interface Answer {
  at: number;
  path: string;
  status: number;
}

/**
 * Reads through the proxy in a loop until stopped; every answer (a failed connection is status 0)
 * with the time it came back.
 */
function startReader(baseUrl: string, paths: string[]): { answers: Answer[]; stop(): Promise<void> } {
  const answers: Answer[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      for (const path of paths) {
        let status = 0;
        try {
          const response = await fetch(`${baseUrl}${path}`, { signal: AbortSignal.timeout(10_000) });
          status = response.status;
          await response.arrayBuffer();
        } catch {
          status = 0;
        }
        answers.push({ at: Date.now(), path, status });
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  return {
    answers,
    stop: async () => {
      running = false;
      await loop;
    },
  };
}

const isUp = async (url: string) => {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(2000) })).ok;
  } catch {
    return false;
  }
};

/** The live processes of process group `leader`. */
function groupMembers(leader: number): number[] {
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
        return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]) === leader && alive(pid);
      } catch {
        return false;
      }
    });
}

/** True while `pid` runs (a zombie does not count). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return !/^[ZX]$/.test(stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3));
  } catch {
    return false;
  }
}

/**
 * Supervision of `npm start` (scripts/stack/start.ts) on free ports and a fresh data folder: with
 * the catalog reads moved to the service, SIGKILL the monolith, then the catalog, while a reader
 * polls through the proxy; then SIGKILL the supervisor itself and start again.
 */
describe("npm start supervises its parts", () => {
  let dir: TempDir;
  let env: NodeJS.ProcessEnv;
  let stack: ChildProcess;
  let stackOutput = "";
  let stackExit: Promise<number | null>;
  let proxyUrl: string;
  let adminToken: string;
  const seenPids = new Set<number>();
  const shopToken = () => env.SHOP_ADMIN_TOKEN || "dev-shop-admin-token";

  const startStack = async () => {
    stackOutput = "";
    stack = spawn(process.execPath, ["--import", "tsx", START], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    stack.stdout?.on("data", (chunk: Buffer) => (stackOutput += chunk));
    stack.stderr?.on("data", (chunk: Buffer) => (stackOutput += chunk));
    const child = stack;
    stackExit = new Promise((resolve) => child.once("exit", (code) => resolve(code)));
    await waitUntil(() => stackOutput.includes("ready. Ctrl-C stops everything.") || child.exitCode !== null, SLOW, 50);
    if (child.exitCode !== null) throw new Error(`npm start failed:\n${stackOutput}`);
  };

  const runCli = (args: string[]) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (chunk: Buffer) => (stdout += chunk));
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk));
      child.once("exit", (code) => resolve({ code, stdout, stderr }));
    });

  /** The parts as `strangler status --json` shows them. */
  const parts = async (): Promise<Part[]> => {
    const result = await runCli(["status", "--json"]);
    if (result.code !== 0) throw new Error(`strangler status failed (${result.code}): ${result.stderr}`);
    const list = (JSON.parse(result.stdout) as { parts?: Part[] }).parts;
    if (!list) throw new Error(`strangler status --json has no parts:\n${result.stdout.slice(0, 500)}`);
    for (const part of list) if (part.pid) seenPids.add(part.pid);
    return list;
  };
  const part = async (name: string) => {
    const found = (await parts()).find((p) => p.name === name);
    if (!found) throw new Error(`no part ${name}`);
    return found;
  };
  /** The pid in `<dataDir>/stack/<part>.pid`, as an operator would read it. */
  const pidOf = (name: string) => {
    const pid = Number(readFileSync(join(dir.path, "stack", `${name}.pid`), "utf8").trim());
    seenPids.add(pid);
    return pid;
  };

  /** A write through the proxy (the writes stay on the monolith), then read back from the catalog through the proxy. */
  const writeAndReadBack = async (name: string) => {
    const write = await fetch(`${proxyUrl}/products/2`, {
      method: "PATCH",
      headers: { authorization: `Bearer ${shopToken()}`, "content-type": "application/json" },
      body: JSON.stringify({ name }),
    });
    expect(write.status).toBe(200);
    // The change travels monolith → relay → nats → the catalog's consumer, all of them after a restart.
    await waitUntil(
      async () => {
        const read = await fetch(`${proxyUrl}/products/2`);
        return read.ok && ((await read.json()) as { name: string }).name === name;
      },
      SLOW,
      100,
    );
  };

  beforeAll(async () => {
    dir = tempDir("supervision-e2e-");
    const stackEnv = await stackEnvironment(dir.path);
    env = stackEnv.env;
    proxyUrl = `http://127.0.0.1:${stackEnv.ports.proxy}`;
    await startStack();
    adminToken = readFileSync(join(dir.path, "admin-token"), "utf8").trim();
  }, SLOW + 30_000);

  afterAll(async () => {
    if (stack && stack.exitCode === null && stack.signalCode === null) {
      stack.kill("SIGINT");
      const timer = setTimeout(() => stack.kill("SIGKILL"), 30_000);
      await stackExit;
      clearTimeout(timer);
    }
    // After a failed step: nothing of this test may outlive it (only processes working on its folder).
    for (const pid of seenPids) {
      try {
        if (alive(pid) && readFileSync(`/proc/${pid}/environ`, "utf8").includes(`STRANGLER_DATA_DIR=${dir.path}\0`)) {
          process.kill(pid, "SIGKILL");
        }
      } catch {
        // gone
      }
    }
    dir?.remove();
  }, 60_000);

  it("shows every part running in strangler status, with a pid file each", async () => {
    const list = await parts();
    expect(list.map((p) => p.name)).toEqual(["nats", "monolith", "relay", ...SERVICES, "proxy"]);
    for (const p of list) {
      expect(p).toMatchObject({ state: "running", restarts: 0 });
      expect(p.pid).toBe(pidOf(p.name));
      expect(p.uptimeMs).toBeGreaterThanOrEqual(0);
    }
    expect(pidOf("supervisor")).toBe(stack.pid);
    const table = await runCli(["status"]);
    expect(table.stdout).toMatch(/PARTS \(npm start, supervisor pid \d+\)\nPART +STATE +PID +RESTARTS +UPTIME +LAST EXIT\nnats +running/);

    // The catalog reads move to the service, as in step 6 of the tutorial (forced: no shadow samples here).
    const moved = await fetch(`http://127.0.0.1:${env.ADMIN_PORT}/groups/catalog/stage`, {
      method: "PUT",
      headers: { authorization: `Bearer ${adminToken}`, "content-type": "application/json" },
      body: JSON.stringify({ stage: "service", force: true, reason: "supervision e2e" }),
    });
    expect(moved.status).toBe(200);
  }, SLOW);

  it("keeps serving the catalog reads from the service while the monolith is killed and restarted", async () => {
    const monolithHealth = `http://127.0.0.1:${env.MONOLITH_PORT}/healthz`;
    const reader = startReader(proxyUrl, ["/products/1", "/categories"]);
    try {
      await waitUntil(() => reader.answers.length >= 10, SLOW, 20);
      const pid = pidOf("monolith");
      process.kill(pid, "SIGKILL");
      await waitUntil(async () => !(await isUp(monolithHealth)), SLOW, 20);
      const downAt = Date.now();
      await waitUntil(() => stackOutput.includes("monolith    back"), SLOW, 50);
      await waitUntil(() => isUp(monolithHealth), SLOW, 50);
      const upAt = Date.now();
      await waitUntil(() => reader.answers.filter((a) => a.at > upAt).length >= 4, SLOW, 20);
      await reader.stop();

      const duringOutage = reader.answers.filter((a) => a.at >= downAt && a.at <= upAt);
      const failed = reader.answers.filter((a) => a.status !== 200);
      process.stdout.write(`monolith kill: ${reader.answers.length} catalog reads, ${duringOutage.length} while the monolith was down (${upAt - downAt} ms), ${failed.length} not 200\n`);
      expect(duringOutage.length).toBeGreaterThan(0);
      expect(failed).toEqual([]);
      expect(stackOutput).toMatch(/monolith {4}exited \(signal SIGKILL\) after [^;]+; restarting in 0\.5 s \(restart 1\)/);
    } finally {
      await reader.stop();
    }
    const monolith = await part("monolith");
    expect(monolith).toMatchObject({ state: "running", restarts: 1 });
    expect(monolith.pid).not.toBe(null);
    expect((await parts()).filter((p) => p.name !== "monolith").every((p) => p.restarts === 0 && p.state === "running")).toBe(true);
    await writeAndReadBack("written after the monolith's restart");
  }, SLOW * 3);

  it("brings the catalog back after a kill, while the monolith's own routes keep answering", async () => {
    const catalogHealth = `http://127.0.0.1:${env.CATALOG_PORT}/healthz`;
    const catalogReads = startReader(proxyUrl, ["/products/1", "/categories"]);
    const monolithReads = startReader(proxyUrl, ["/inventory/1", "/shop/products/1"]);
    const routesBefore = await serviceRequests();
    try {
      await waitUntil(() => catalogReads.answers.length >= 10 && monolithReads.answers.length >= 10, SLOW, 20);
      const killedAt = Date.now();
      process.kill(pidOf("catalog"), "SIGKILL");
      await waitUntil(() => stackOutput.includes("catalog     back"), SLOW, 50);
      await waitUntil(() => isUp(catalogHealth), SLOW, 50);
      const upAt = Date.now();
      // Recovered: catalog reads answer 200 again, and the proxy sends them to the service again
      // (its breaker may have skipped the service for its cool-down).
      await waitUntil(async () => (await serviceRequests()) > routesBefore + 4 && catalogReads.answers.slice(-4).every((a) => a.status === 200), SLOW, 100);
      await catalogReads.stop();
      await monolithReads.stop();

      const failed = catalogReads.answers.filter((a) => a.status !== 200);
      const window = failed.length > 0 ? `${failed[0]!.at - killedAt}–${failed.at(-1)!.at - killedAt} ms after the kill` : "none";
      process.stdout.write(
        `catalog kill: back ${upAt - killedAt} ms after the kill; catalog reads: ${catalogReads.answers.length}, ${failed.length} not 200 (${window}); monolith routes: ${monolithReads.answers.length}, ${monolithReads.answers.filter((a) => a.status !== 200).length} not 200\n`,
      );
      expect(monolithReads.answers.filter((a) => a.status !== 200)).toEqual([]);
      expect(catalogReads.answers.filter((a) => a.at > upAt + 15_000 && a.status !== 200)).toEqual([]);
    } finally {
      await catalogReads.stop();
      await monolithReads.stop();
    }
    expect(await part("catalog")).toMatchObject({ state: "running", restarts: 1 });
    expect(await part("monolith")).toMatchObject({ state: "running", restarts: 1 });
    await writeAndReadBack("written after the catalog's restart");
  }, SLOW * 3);

  it("restarts nats-server on the same port and store after a kill, and sync carries writes again", async () => {
    const watcher = pidOf("nats");
    const server = groupMembers(watcher).find((pid) => readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0")[0]!.endsWith("nats-server"));
    if (server === undefined) throw new Error(`no nats-server in process group ${watcher}`);
    const url = /(?:^|\n)nats {8}(nats:\/\/127\.0\.0\.1:\d+) \(store/.exec(stackOutput)?.[1];
    expect(url).toBeDefined();
    process.kill(server, "SIGKILL");
    await waitUntil(() => stackOutput.includes(`nats        back: ${url} (pid`), SLOW, 50);
    expect(stackOutput).toMatch(/nats {8}exited \(signal SIGKILL\) after [^;]+; restarting in 0\.5 s \(restart 1\)/);
    expect(alive(server)).toBe(false);
    expect(await part("nats")).toMatchObject({ state: "running", restarts: 1 });
    // The relay and the catalog's consumers reconnect by themselves; nothing else was restarted.
    await writeAndReadBack("written after nats-server's restart");
    expect((await parts()).map((p) => [p.name, p.restarts])).toEqual([
      ["nats", 1],
      ["monolith", 1],
      ["relay", 0],
      ...SERVICES.map((name) => [name, name === "catalog" ? 1 : 0]),
      ["proxy", 0],
    ]);
  }, SLOW * 2);

  it("stops its parts when the supervisor itself is SIGKILLed; the next start stops what is left and starts cleanly", async () => {
    const before = await parts();
    const catalogPid = pidOf("catalog");
    // A part that cannot notice its supervisor died (stopped): the next start must find and stop it.
    process.kill(catalogPid, "SIGSTOP");
    process.kill(stack.pid!, "SIGKILL");
    await stackExit;
    const others = before.filter((p) => p.name !== "catalog").map((p) => p.pid!);
    await waitUntil(() => others.every((pid) => !alive(pid)), SLOW, 100);
    expect(alive(catalogPid)).toBe(true);
    // The pid files stay behind: the supervisor could not remove them.
    expect(readdirSync(join(dir.path, "stack")).filter((name) => name.endsWith(".pid")).sort()).toEqual(
      [...SERVICES.map((name) => `${name}.pid`), "monolith.pid", "nats.pid", "proxy.pid", "relay.pid", "supervisor.pid"].sort(),
    );

    const killedSupervisor = stack.pid;
    await startStack();
    expect(stackOutput).toContain(`leftover    the earlier npm start (pid ${killedSupervisor}) no longer runs`);
    expect(stackOutput).toContain(`leftover    catalog (pid ${catalogPid}) of an earlier run still runs`);
    expect(stackOutput).toMatch(/leftover {4}catalog stopped \(SIGTERM\)/);
    for (const name of ["monolith", "relay", "proxy", "nats"]) expect(stackOutput).toMatch(new RegExp(`leftover +${name} \\(pid \\d+\\) no longer runs`));
    expect(alive(catalogPid)).toBe(false);
    // The leftover lines come first; the usual start follows unchanged.
    expect(stackOutput.indexOf("leftover")).toBe(0);
    expect(stackOutput).toMatch(/\nnats {8}nats:\/\/127\.0\.0\.1:\d+ \(store .+\)\nmonolith {4}http/);
    const after = await parts();
    expect(after.map((p) => [p.name, p.state, p.restarts])).toEqual([
      ["nats", "running", 0],
      ["monolith", "running", 0],
      ["relay", "running", 0],
      ...SERVICES.map((name) => [name, "running", 0]),
      ["proxy", "running", 0],
    ]);
    await writeAndReadBack("written after the supervisor's restart");
  }, SLOW * 3);

  it("stops everything on Ctrl-C and removes its pid files and state", async () => {
    const pids = (await parts()).map((p) => p.pid!);
    stack.kill("SIGINT");
    expect(await stackExit).toBe(0);
    expect(stackOutput).toContain("stopped.");
    expect(pids.filter((pid) => alive(pid))).toEqual([]);
    expect(readdirSync(join(dir.path, "stack"))).toEqual([]);
  }, SLOW);

  it("refuses to start over a pid file whose process it cannot verify, and touches nothing", async () => {
    const stranger = spawn("sleep", ["600"], { stdio: "ignore" });
    try {
      const file = join(dir.path, "stack", "monolith.pid");
      writeFileSync(file, `${stranger.pid}\n`);
      const run = spawn(process.execPath, ["--import", "tsx", START], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
      let output = "";
      run.stdout.on("data", (chunk: Buffer) => (output += chunk));
      run.stderr.on("data", (chunk: Buffer) => (output += chunk));
      const code = await new Promise<number | null>((resolve) => run.once("exit", resolve));
      expect(code).toBe(1);
      expect(output).toContain("STACK_ERR_LEFTOVER_UNVERIFIED");
      expect(output).toContain(file);
      expect(output).toContain(`kill ${stranger.pid}`);
      expect(output).toContain("`sleep 600`");
      expect(output).not.toContain("nats        ");
      expect(alive(stranger.pid!)).toBe(true);
      expect(existsSync(file)).toBe(true);
    } finally {
      stranger.kill("SIGKILL");
    }
  }, SLOW);

  /** How many requests the proxy sent to the catalog service, over both read routes. */
  async function serviceRequests(): Promise<number> {
    const response = await fetch(`http://127.0.0.1:${env.ADMIN_PORT}/routes`, { headers: { authorization: `Bearer ${adminToken}` } });
    const body = (await response.json()) as { routes: Array<{ id: string; requests: { service: number } }> };
    return body.routes.filter((route) => route.id.endsWith("-read")).reduce((sum, route) => sum + route.requests.service, 0);
  }
});
