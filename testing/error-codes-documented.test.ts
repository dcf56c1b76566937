import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const ROOT = join(__dirname, "..");
const SOURCE_DIRS = ["contracts", "platform", "cdc", "strangler-proxy", "monolith", "extracted", "scripts"];
const CODE = /\b(?:[A-Z]+_ERR_[A-Z0-9_]+)\b/g;

function sourceFiles(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const path = join(dir, name);
    if (name === "node_modules") return [];
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith(".ts") && !name.endsWith(".test.ts") ? [path] : [];
  });
}

describe("docs/errors.md", () => {
  const documented = readFileSync(join(ROOT, "docs/errors.md"), "utf8");
  const used = new Map<string, string>();
  for (const file of SOURCE_DIRS.flatMap((dir) => sourceFiles(join(ROOT, dir)))) {
    for (const match of readFileSync(file, "utf8").matchAll(CODE)) {
      if (!used.has(match[0])) used.set(match[0], relative(ROOT, file));
    }
  }

  it("finds error codes in the source at all", () => {
    expect(used.size).toBeGreaterThan(0);
  });

  it("has a row for every error code used in the source", () => {
    const missing = [...used].filter(([code]) => !documented.includes(`| \`${code}\` |`)).map(([code, file]) => `${code} (${file})`);
    expect(missing).toEqual([]);
  });
});
