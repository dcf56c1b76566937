import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { tempDir, waitUntil, type TempDir } from "../testing";
import { stackEnvironment } from "../testing/stack";

const ROOT = join(__dirname, "..");
const STEPS = readdirSync(join(ROOT, "scripts", "tutorial"))
  .filter((name) => /^\d\d-.+\.ts$/.test(name))
  .sort();

function run(file: string, env: NodeJS.ProcessEnv, args: string[] = [], withStderr = true): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", file, ...args], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk));
    if (withStderr) child.stderr.on("data", (chunk: Buffer) => (output += chunk));
    child.once("exit", (code) => resolve({ code, output }));
  });
}

/**
 * docs/tutorial.md, executed: `npm start` (scripts/stack/start.ts) on free ports and a fresh data
 * folder, every step script of scripts/tutorial/ in order against it, Ctrl-C, and a second start.
 */
describe("the migration tutorial against the real stack", () => {
  let dir: TempDir;
  let env: NodeJS.ProcessEnv;
  let stack: ChildProcess;
  let stackOutput = "";
  let stackExit: Promise<number | null>;

  const startStack = async () => {
    stackOutput = "";
    stack = spawn(process.execPath, ["--import", "tsx", join(ROOT, "scripts", "stack", "start.ts")], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    stack.stdout?.on("data", (chunk: Buffer) => (stackOutput += chunk));
    stack.stderr?.on("data", (chunk: Buffer) => (stackOutput += chunk));
    stackExit = new Promise((resolve) => stack.once("exit", (code) => resolve(code)));
    await waitUntil(() => stackOutput.includes("ready. Ctrl-C stops everything.") || stack.exitCode !== null, 60_000, 50);
    if (stack.exitCode !== null) throw new Error(`npm start failed:\n${stackOutput}`);
  };

  beforeAll(async () => {
    dir = tempDir("tutorial-e2e-");
    env = (await stackEnvironment(dir.path)).env;
    await startStack();
  }, 70_000);

  afterAll(async () => {
    if (stack && stack.exitCode === null && stack.signalCode === null) {
      // After a failed step: stop it as a user would (its children with it), SIGKILL only if it hangs.
      stack.kill("SIGINT");
      const timer = setTimeout(() => stack.kill("SIGKILL"), 20_000);
      await stackExit;
      clearTimeout(timer);
    }
    dir?.remove();
  }, 30_000);

  it("finds the steps of the tutorial, numbered without gaps (part 1: the catalog, 1–10; part 2: the orders, reads 11–14, then writes)", () => {
    expect(STEPS.length).toBeGreaterThanOrEqual(14);
    expect(STEPS.map((step) => Number(step.slice(0, 2)))).toEqual(STEPS.map((_, i) => i + 1));
    expect(STEPS.slice(9, 14)).toEqual(["10-write-rollback.ts", "11-orders-sync-verify.ts", "12-orders-shadow.ts", "13-orders-canary-service.ts", "14-orders-rollback.ts"]);
  });

  it.each(STEPS)("runs %s to a zero exit", async (step) => {
    const result = await run(join(ROOT, "scripts", "tutorial", step), env);
    if (result.code !== 0) throw new Error(`${step} exited with ${result.code}:\n${result.output}`);
    expect(result.output).toContain(": done.");
  }, 120_000);

  it("stops the whole stack cleanly on Ctrl-C", async () => {
    stack.kill("SIGINT");
    expect(await stackExit).toBe(0);
    expect(stackOutput).toContain("stopped.");
  }, 30_000);

  it("resumes where it stopped on a second start: no reseeding, the catalog reads and writes and the orders reads still on the service", async () => {
    await startStack();
    expect(stackOutput).not.toContain("seeding");
    const status = await run(join(ROOT, "scripts", "cli", "bin.js"), env, ["status", "--json"], false);
    expect(status.code).toBe(0);
    const routes = (JSON.parse(status.output) as { routes: Array<{ id: string; stage: string }> }).routes;
    const catalog = routes.filter((route) => route.id.startsWith("catalog-"));
    expect(catalog.filter((route) => route.id.endsWith("-read")).map((route) => route.stage)).toEqual(["service", "service"]);
    expect(catalog.filter((route) => route.id.endsWith("-write")).map((route) => route.stage)).toEqual(["service", "service"]);
    // Part 2 ends with the orders reads on the service; the orders writes have not moved.
    const orders = routes.filter((route) => route.id.startsWith("orders-")).map((route) => [route.id, route.stage]);
    expect(orders).toEqual([
      ["orders-read", "service"],
      ["orders-customer-read", "service"],
      ["orders-write", "monolith"],
    ]);
    // The monolith's fence lives in its database, so it holds across the restart.
    const direct = await fetch(`http://127.0.0.1:${env.MONOLITH_PORT}/products/1`, {
      method: "PATCH",
      headers: { authorization: `Bearer ${env.SHOP_ADMIN_TOKEN || "dev-shop-admin-token"}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "behind the proxy's back" }),
    });
    expect(direct.status).toBe(503);
    expect(((await direct.json()) as { error: { code: string } }).error.code).toBe("SHOP_ERR_WRITE_FENCED");
    stack.kill("SIGINT");
    expect(await stackExit).toBe(0);
  }, 90_000);
});
