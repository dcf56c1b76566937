import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { parseConfigText } from "../../strangler-proxy";
import { runCli, tempDir, type TempDir } from "../../testing";

// Each test spawns the real bin (a second or more on a busy machine; the first may compile it).
jest.setTimeout(120_000);

describe("strangler init", () => {
  let dir: TempDir;
  const cli = (...args: string[]) => runCli({ PATH: process.env.PATH ?? "" }, ...args);

  beforeEach(() => {
    dir = tempDir("cli-init-");
  });

  afterEach(() => dir.remove());

  it("writes a minimal route table: one upstream that is the default, no routes, and $schema pointing at the schema", async () => {
    const file = dir.file("strangler.config.json");
    const result = await cli("init", "--upstream", "http://127.0.0.1:9000", "--file", file);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/every request goes to http:\/\/127\.0\.0\.1:9000/);
    const written = JSON.parse(readFileSync(file, "utf8"));
    expect(written).toEqual({ $schema: expect.stringMatching(/strangler-proxy\/config\/strangler\.config\.schema\.json$/), upstreams: [{ name: "monolith", url: "http://127.0.0.1:9000" }], routes: [] });
    expect(existsSync(resolve(dirname(file), written.$schema))).toBe(true);
    const table = parseConfigText(readFileSync(file, "utf8"), file, {});
    expect(table.upstreams[0]).toMatchObject({ default: true, hostHeader: "preserve" });
  });

  it("takes the upstream's name and an https URL", async () => {
    const file = join(dir.path, "strangler.config.json");
    await cli("init", "--upstream", "https://legacy.internal", "--name", "legacy", "--file", file);
    expect(JSON.parse(readFileSync(file, "utf8")).upstreams).toEqual([{ name: "legacy", url: "https://legacy.internal" }]);
  });

  it("refuses a URL without a scheme and says how to write it", async () => {
    const file = dir.file("strangler.config.json");
    const result = await cli("init", "--upstream", "127.0.0.1:9000", "--file", file);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--upstream "127.0.0.1:9000" has no scheme. Fix: npx strangler init --upstream http://127.0.0.1:9000');
    expect(existsSync(file)).toBe(false);
  });

  it("refuses to overwrite an existing file unless --force", async () => {
    const file = dir.file("strangler.config.json");
    writeFileSync(file, "{ \"mine\": true }\n");
    const refused = await cli("init", "--upstream", "http://127.0.0.1:9000", "--file", file);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/already exists; nothing was written\. Fix: pass --force/);
    expect(readFileSync(file, "utf8")).toBe("{ \"mine\": true }\n");
    const forced = await cli("init", "--upstream", "http://127.0.0.1:9000", "--file", file, "--force");
    expect(forced.code).toBe(0);
    expect(JSON.parse(readFileSync(file, "utf8")).upstreams[0].url).toBe("http://127.0.0.1:9000");
  });

  it("names the field when the rest is wrong (the proxy's own check)", async () => {
    const result = await cli("init", "--upstream", "http://127.0.0.1:9000", "--name", "My App", "--file", dir.file("t.json"));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/upstreams\.0\.name: use lowercase letters/);
  });
});
