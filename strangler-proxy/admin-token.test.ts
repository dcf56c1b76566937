import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ConfigError, createLogger } from "../platform";
import { tempDir, type TempDir } from "../testing";
import { loadProxyConfig } from "./config";
import { AdminTokenRequiredError } from "./errors";
import { resolveAdminToken } from "./runtime";

const logger = createLogger({ service: "test", silent: true });
let dir: TempDir;
beforeEach(() => (dir = tempDir("admin-token-")));
afterEach(() => dir.remove());

const admin = (host: string, token?: string) => ({ admin: { host, port: 8081, token }, dataDir: dir.path });

describe("admin token at start", () => {
  it("uses the configured token", () => {
    expect(resolveAdminToken(admin("0.0.0.0", "a-long-enough-secret"), logger)).toBe("a-long-enough-secret");
  });

  it("refuses a configured token shorter than 16 characters, however the proxy is started", () => {
    expect(() => resolveAdminToken(admin("127.0.0.1", "x"), logger)).toThrow(ConfigError);
    expect(() => resolveAdminToken(admin("127.0.0.1", "fifteen-chars-x"), logger)).toThrow(/admin\.token \(STRANGLER_ADMIN_TOKEN\): must be at least 16 characters\. Fix: /);
  });

  it("refuses to start on a non-loopback address without a token, saying how to set one", () => {
    expect(() => resolveAdminToken(admin("0.0.0.0"), logger)).toThrow(AdminTokenRequiredError);
    expect(() => resolveAdminToken(admin("10.0.0.5"), logger)).toThrow(/Set STRANGLER_ADMIN_TOKEN/);
  });

  it("checks loopback by address: a DNS name that starts with 127. or localhost is not loopback", () => {
    for (const host of ["127.evil.example", "localhost.evil.example", "0.0.0.0", "::", "::ffff:10.0.0.1"]) {
      expect(() => resolveAdminToken(admin(host), logger)).toThrow(AdminTokenRequiredError);
    }
    for (const host of ["127.0.0.1", "::1", "::ffff:127.0.0.1", "localhost"]) {
      expect(resolveAdminToken(admin(host), logger)).toMatch(/^[0-9a-f]{48}$/);
    }
  });

  it("on loopback without a token keeps a random one in <dataDir>/admin-token (0600), never in the log", () => {
    const lines: unknown[] = [];
    const recording = { warn: (message: string, meta: unknown) => lines.push({ message, meta }) } as unknown as typeof logger;
    const first = resolveAdminToken(admin("127.0.0.1"), recording);
    const file = join(dir.path, "admin-token");
    expect(first).toMatch(/^[0-9a-f]{48}$/);
    expect(readFileSync(file, "utf8").trim()).toBe(first);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(resolveAdminToken(admin("::1"), recording)).toBe(first);
    expect(JSON.stringify(lines)).toContain(file);
    expect(JSON.stringify(lines)).not.toContain(first);
  });

  it("refuses a short token kept in the file, naming the file", () => {
    writeFileSync(join(dir.path, "admin-token"), "short\n");
    expect(() => resolveAdminToken(admin("127.0.0.1"), logger)).toThrow(/admin-token: token: must be at least 16 characters\. Fix: delete the file/);
  });
});

describe("the proxy's own config parser", () => {
  it("refuses STRANGLER_ADMIN_TOKEN shorter than 16 characters with the variable, the problem and the fix", () => {
    let error: unknown;
    try {
      loadProxyConfig({ STRANGLER_ADMIN_TOKEN: "short-token", STRANGLER_DATA_DIR: dir.path });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/environment: STRANGLER_ADMIN_TOKEN: must be at least 16 characters\. Fix: use a long random string/);
  });

  it("accepts a 16-character token, and treats an empty one as unset", () => {
    const config = (token: string) => loadProxyConfig({ STRANGLER_ADMIN_TOKEN: token, STRANGLER_DATA_DIR: dir.path, STRANGLER_CONFIG: join(__dirname, "../strangler.config.json") });
    expect(config("0123456789abcdef").admin.token).toBe("0123456789abcdef");
    expect(config("  ").admin.token).toBeUndefined();
  });
});
