import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(__dirname, "..", "..");
const doc = readFileSync(join(ROOT, "docs", "tutorial.md"), "utf8");
const steps = readdirSync(__dirname).filter((name) => /^\d\d-.+\.ts$/.test(name)).sort();

// The e2e test runs every script; this keeps docs/tutorial.md pointing at exactly those scripts, in order.
describe("docs/tutorial.md and scripts/tutorial/", () => {
  it("documents every step script, in order, with the command that runs it", () => {
    const positions = steps.map((step) => doc.indexOf(`npx tsx scripts/tutorial/${step}`));
    expect(positions.filter((position) => position < 0)).toEqual([]);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it("names no step script that does not exist", () => {
    const named = [...doc.matchAll(/scripts\/tutorial\/(\d\d-[a-z0-9-]+\.ts)/g)].map((match) => match[1]);
    expect(named.filter((name) => !steps.includes(name))).toEqual([]);
  });

  it("has one section per step", () => {
    const sections = [...doc.matchAll(/^## Step (\d+):/gm)].map((match) => Number(match[1]));
    expect(sections).toEqual(steps.map((_, i) => i + 1));
  });
});
