import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { tempDir, type TempDir } from "../testing";
import { tempPostgresDatabase } from "../testing/postgres";

const ROOT = join(__dirname, "..");
let dir: TempDir;

function startMain(env: Record<string, string>): { child: ChildProcess; output: () => string } {
  let output = "";
  const child = spawn(process.execPath, ["--import", "tsx", "monolith/main.ts"], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", STRANGLER_DATA_DIR: dir.path, ...env },
  });
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  return { child, output: () => output };
}

/** Resolves with the first log line for which `match` is true. */
function waitForLine(child: ChildProcess, match: (line: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    let buffer = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split("\n");
      buffer = lines.pop() ?? "";
      for (const line of lines) {
        try {
          const parsed = JSON.parse(line);
          if (match(parsed)) resolve(parsed);
        } catch {
          // not a log line
        }
      }
    });
    child.once("exit", (code) => reject(new Error(`exited with ${code} before the expected line`)));
  });
}

beforeAll(() => {
  dir = tempDir("monolith-main-");
});

afterAll(() => {
  dir.remove();
});

describe("monolith/main.ts", () => {
  it("refuses to start with a bad variable and names it", async () => {
    const { child, output } = startMain({ MONOLITH_PORT: "eighty" });
    const [code] = await once(child, "exit");
    expect(code).toBe(1);
    expect(output()).toContain("MONOLITH_PORT");
  });

  it("migrates, serves, warns about the default admin token and stops cleanly on SIGTERM", async () => {
    const { child, output } = startMain({ MONOLITH_PORT: "0" });
    try {
      const listening = await waitForLine(child, (line) => line.message === "monolith listening");
      expect(output()).toContain("SHOP_ADMIN_TOKEN is not set");
      const res = await fetch(`${listening.url}/healthz`);
      expect(res.status).toBe(200);
      const exited = once(child, "exit");
      child.kill("SIGTERM");
      const [code] = await exited;
      expect(code).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  });

  it("runs on the PostgreSQL database of MONOLITH_DATABASE_URL, never logging its password", async () => {
    const database = await tempPostgresDatabase("strangler_shop_main");
    const url = new URL(database.url);
    url.password = "not-checked-by-trust-auth";
    const { child, output } = startMain({ MONOLITH_PORT: "0", MONOLITH_DATABASE_URL: url.toString() });
    try {
      const listening = await waitForLine(child, (line) => line.message === "monolith listening");
      const ready = output().split("\n").find((line) => line.includes('"message":"database ready"'));
      expect(JSON.parse(ready!)).toMatchObject({ databaseKind: "postgres", database: expect.stringContaining(database.name) });
      expect(((await (await fetch(`${listening.url}/products`)).json()) as { total: number }).total).toBe(0);
      const exited = once(child, "exit");
      child.kill("SIGTERM");
      expect((await exited)[0]).toBe(0);
      expect(output()).not.toContain("not-checked-by-trust-auth");
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
      await database.drop();
    }
  });

  it("refuses a MONOLITH_DATABASE_URL that is not a PostgreSQL URL, naming it", async () => {
    const { child, output } = startMain({ MONOLITH_DATABASE_URL: "mysql://shop@127.0.0.1/shop" });
    const [code] = await once(child, "exit");
    expect(code).toBe(1);
    expect(output()).toContain("MONOLITH_DATABASE_URL: must be a postgres:// or postgresql:// URL");
  });
});
