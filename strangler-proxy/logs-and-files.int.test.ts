import { spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { httpOnFreePort, tempDir, type RunningHttp, type TempDir } from "../testing";
import { adminCall, rawRequest, startProxy, waitUntil, type StartedProxy } from "../testing/proxy";

const ROOT = join(__dirname, "..");
const modeOf = (path: string) => statSync(path).mode & 0o777;

/** An upstream that answers JSON naming itself and sets a session cookie, as a shop's login would. */
const cookieUpstream = (name: string) =>
  httpOnFreePort((_req, res) => {
    res.writeHead(200, { "content-type": "application/json", "set-cookie": `shop_session=${name}-s3cret-cookie; HttpOnly` });
    res.end(JSON.stringify({ servedBy: name }));
  });

/** Runs strangler-proxy/main.ts with `env` until it exits; resolves with its exit code and output. */
async function runProxyMain(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "strangler-proxy/main.ts"], { cwd: ROOT, env: { PATH: process.env.PATH ?? "", PROXY_PORT: "0", ADMIN_PORT: "0", ...env } });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
  const [code] = (await once(child, "exit")) as [number | null];
  clearTimeout(timer);
  return { code, output };
}

describe("the proxy's data files and shadow records", () => {
  let dir: TempDir;
  let monolith: RunningHttp;
  let service: RunningHttp;
  let proxy: StartedProxy;
  let dataDir: string;

  beforeAll(async () => {
    dir = tempDir("proxy-files-");
    // A folder the proxy creates itself; the test runs with the usual umask 022.
    dataDir = join(dir.path, "data", "proxy");
    [monolith, service] = await Promise.all([cookieUpstream("monolith"), cookieUpstream("service")]);
    proxy = await startProxy({
      dataDir,
      config: {
        upstreams: [
          { name: "monolith", url: monolith.url, default: true },
          { name: "service", url: service.url },
        ],
        routes: [{ id: "login", paths: ["/login"], upstream: "service", stage: "shadow" }],
        shadowStore: { flushIntervalMs: 20 },
      },
    });
  });

  afterAll(async () => {
    await proxy?.close();
    await Promise.all([monolith?.close(), service?.close()]);
    dir?.remove();
  });

  it("stores a mismatch without Set-Cookie and with the token's value redacted from its path", async () => {
    const answer = await rawRequest(proxy.url, { path: "/login?next=%2Fcart&token=s3cret-token&Password=s3cret-pw", headers: { authorization: "Bearer s3cret-bearer", cookie: "shop_session=s3cret-in" } });
    expect(answer.status).toBe(200);
    let report: { recentMismatches: unknown[] } = { recentMismatches: [] };
    await waitUntil(async () => {
      report = await (await adminCall(proxy, "GET", "/routes/login/shadow-report")).json();
      return report.recentMismatches.length > 0;
    }, 10_000);
    const stored = JSON.stringify(report.recentMismatches);
    expect(stored).toContain("/login?next=%2Fcart&token=[redacted]&Password=[redacted]");
    expect(stored).toContain("$.servedBy");
    expect(stored).not.toMatch(/s3cret|set-cookie/i);
  });

  it("creates its folder 0700 and every file in it 0600: flags.sqlite, proxy.sqlite (with -wal/-shm), the flag backup", async () => {
    await waitUntil(() => readdirSync(dataDir).some((name) => name.startsWith("unleash-backup-")), 10_000);
    expect(modeOf(join(dir.path, "data"))).toBe(0o700);
    expect(modeOf(dataDir)).toBe(0o700);
    const files = readdirSync(dataDir);
    for (const expected of ["flags.sqlite", "flags.sqlite-wal", "flags.sqlite-shm", "proxy.sqlite", "proxy.sqlite-wal", "proxy.sqlite-shm", "unleash-backup-test.json"]) {
      expect(files).toContain(expected);
    }
    for (const name of files) expect([name, modeOf(join(dataDir, name))]).toEqual([name, 0o600]);
  });
});

describe("strangler-proxy/main.ts", () => {
  let dir: TempDir;
  beforeEach(() => (dir = tempDir("proxy-main-")));
  afterEach(() => dir.remove());

  it("refuses a STRANGLER_ADMIN_TOKEN shorter than 16 characters: config error naming the variable and the fix, exit 1", async () => {
    const { code, output } = await runProxyMain({ STRANGLER_ADMIN_TOKEN: "x", STRANGLER_DATA_DIR: dir.path });
    expect(code).toBe(1);
    expect(output).toContain("environment: STRANGLER_ADMIN_TOKEN: must be at least 16 characters. Fix: use a long random string");
    expect(existsSync(join(dir.path, "flags.sqlite"))).toBe(false);
  }, 40_000);

  it("takes 127.evil.example for what it is, a non-loopback name: without a token it does not start", async () => {
    const { code, output } = await runProxyMain({ ADMIN_HOST: "127.evil.example", STRANGLER_DATA_DIR: dir.path });
    expect(code).toBe(1);
    expect(output).toContain("PROXY_ERR_ADMIN_TOKEN_REQUIRED");
  }, 40_000);
});
