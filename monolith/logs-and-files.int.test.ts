import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { tempDir, type TempDir } from "../testing";

const ROOT = join(__dirname, "..");
const EMAIL = "private.person@example.com";
const PASSWORD = "correct-horse-battery";
const modeOf = (path: string) => statSync(path).mode & 0o777;

let dir: TempDir;
let dataDir: string;
let child: ChildProcess;
let output = "";
let url: string;

beforeAll(async () => {
  dir = tempDir("monolith-logs-");
  // A folder main.ts creates itself; jest's own umask is the usual 022.
  dataDir = join(dir.path, "shop-data");
  child = spawn(process.execPath, ["--import", "tsx", "monolith/main.ts"], { cwd: ROOT, env: { PATH: process.env.PATH ?? "", STRANGLER_DATA_DIR: dataDir, MONOLITH_PORT: "0" } });
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  url = await new Promise<string>((resolve, reject) => {
    const look = () => {
      const line = output.split("\n").find((text) => text.includes('"message":"monolith listening"'));
      if (line) resolve((JSON.parse(line) as { url: string }).url);
    };
    child.stdout!.on("data", look);
    child.once("exit", (code) => reject(new Error(`monolith exited (${code}) before listening:\n${output}`)));
  });
}, 60_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = once(child, "exit");
    child.kill("SIGTERM");
    await exited;
  }
  dir?.remove();
});

describe("the monolith's logs and files", () => {
  it("logs a failed INSERT on POST /customers with its SQL and code, never the e-mail or the password hash", async () => {
    // The database refuses the customer's INSERT: the failure reaches the error handler as TypeORM's
    // QueryFailedError, whose parameters are the e-mail, the name and the scrypt hash.
    const db = new Database(join(dataDir, "monolith.sqlite"));
    db.exec("CREATE TRIGGER refuse_customers BEFORE INSERT ON customers BEGIN SELECT RAISE(ABORT, 'registration refused by the test'); END");
    db.close();
    const res = await fetch(`${url}/customers`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email: EMAIL, name: "Private Person", password: PASSWORD }) });
    expect(res.status).toBe(500);
    const answer = await res.text();
    expect(answer).not.toContain(EMAIL);
    expect(answer).not.toContain("INSERT");

    let line: Record<string, unknown> | undefined;
    for (let i = 0; i < 100 && !line; i++) {
      const found = output.split("\n").find((text) => text.includes('"message":"unhandled error"'));
      if (found) line = JSON.parse(found) as Record<string, unknown>;
      else await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(line?.err).toMatchObject({ name: "QueryFailedError", code: "SQLITE_CONSTRAINT_TRIGGER", query: expect.stringContaining('INSERT INTO "customers"'), parameters: expect.stringMatching(/^\[redacted\]: \d+ parameters$/) });
    expect(output).toContain("registration refused by the test");
    expect(output).not.toContain(EMAIL);
    expect(output).not.toContain(PASSWORD);
    expect(output).not.toContain("scrypt$");
  });

  it("creates its data folder 0700 and monolith.sqlite with its -wal and -shm 0600", () => {
    expect(modeOf(dataDir)).toBe(0o700);
    const files = readdirSync(dataDir);
    expect(files).toEqual(expect.arrayContaining(["monolith.sqlite", "monolith.sqlite-wal", "monolith.sqlite-shm"]));
    for (const name of files) expect([name, modeOf(join(dataDir, name))]).toEqual([name, 0o600]);
  });
});
