import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

// The compiled bin (scripts/cli/build.js): plain JavaScript, as npm's `prepare` and bin.js run it.
const cli = require("./build.js") as {
  OUT_DIR: string;
  compile(outDir?: string): Promise<{ files: Array<{ path: string; text: string }>; inputs: string[] }>;
  build(outDir?: string): Promise<{ files: string[]; inputs: string[] }>;
  isCurrent(outDir?: string): boolean;
};

const run = promisify(execFile);
const BIN = join(__dirname, "bin.js");

// esbuild and node processes on a busy 2-core machine: no 5 s default.
jest.setTimeout(120_000);

/** The packages a run of the bin loaded from node_modules (a preload script wraps the module loader). */
async function packagesLoadedBy(...args: string[]): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), "cli-loads-"));
  try {
    const preload = join(dir, "trace.cjs");
    writeFileSync(
      preload,
      `const Module = require("node:module"); const load = Module._load; const seen = new Set();
       Module._load = function (request) { if (!/^(\\.|\\/|node:)/.test(request) && !Module.builtinModules.includes(request)) seen.add(request.startsWith("@") ? request.split("/").slice(0, 2).join("/") : request.split("/")[0]); return load.apply(this, arguments); };
       process.on("exit", () => require("node:fs").writeFileSync(${JSON.stringify(join(dir, "loaded.json"))}, JSON.stringify([...seen].sort())));`,
    );
    await run(process.execPath, ["-r", preload, BIN, ...args], { env: { PATH: process.env.PATH } }).catch(() => undefined);
    return JSON.parse(readFileSync(join(dir, "loaded.json"), "utf8")) as string[];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("the compiled strangler bin", () => {
  it("is, whenever its stamps say it is current, byte for byte what the sources compile to now", async () => {
    // A source edited since the last build: the bin would rebuild before running, as this does.
    if (!cli.isCurrent()) await cli.build();
    const fresh = await cli.compile();
    for (const file of fresh.files) expect(readFileSync(file.path, "utf8")).toBe(file.text);
    expect(cli.isCurrent()).toBe(true);
  });

  it("counts as stale once one of its inputs changed, and as current again once rebuilt", async () => {
    const outDir = mkdtempSync(join(tmpdir(), "cli-build-"));
    try {
      const built = await cli.build(outDir);
      expect(built.inputs).toEqual(expect.arrayContaining(["scripts/cli/main.ts", "scripts/cli/parked-command.ts", "scripts/cli/build.js", "package-lock.json"]));
      expect(cli.isCurrent(outDir)).toBe(true);
      const stamps = join(outDir, "strangler.inputs.json");
      const manifest = JSON.parse(readFileSync(stamps, "utf8")) as { inputs: Array<[string, number, number]> };
      const edited = { ...manifest, inputs: manifest.inputs.map(([file, size, mtimeMs]) => (file === "scripts/cli/main.ts" ? [file, size, mtimeMs - 1000] : [file, size, mtimeMs])) };
      writeFileSync(stamps, JSON.stringify(edited));
      expect(cli.isCurrent(outDir)).toBe(false);
      rmSync(join(outDir, "vendor-zod.cjs"));
      await cli.build(outDir);
      expect(cli.isCurrent(outDir)).toBe(true);
      rmSync(join(outDir, "vendor-zod.cjs"));
      expect(cli.isCurrent(outDir)).toBe(false);
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  });

  it("loads no package from node_modules for --help, a command's help or a usage error (no typeorm, nats, zod, tsx)", async () => {
    expect(await packagesLoadedBy("--help")).toEqual([]);
    expect(await packagesLoadedBy("sync", "discard", "--help")).toEqual([]);
    expect(await packagesLoadedBy("sync", "discard", "--key", "7")).toEqual([]);
    expect(await packagesLoadedBy("cutover", "catalog")).toEqual([]);
    expect(await packagesLoadedBy("route", "set", "products-read", "--stage", "sideways")).toEqual([]);
  });
});
