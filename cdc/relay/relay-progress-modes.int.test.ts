import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SqliteRelayProgress } from "./sqlite-relay-progress";

const modeOf = (path: string) => statSync(path).mode & 0o777;

describe("the relay's progress file on disk", () => {
  it("is created 0600 with its -wal and -shm, in a folder created 0700, whatever the process umask", async () => {
    const root = mkdtempSync(join(tmpdir(), "relay-progress-modes-"));
    try {
      const folder = join(root, "data");
      const progress = SqliteRelayProgress.open(join(folder, "shop.strangler.sqlite"), "shop");
      await progress.save(42);
      try {
        expect(modeOf(folder)).toBe(0o700);
        const files = readdirSync(folder);
        expect(files).toEqual(expect.arrayContaining(["shop.strangler.sqlite", "shop.strangler.sqlite-wal", "shop.strangler.sqlite-shm"]));
        for (const name of files) expect([name, modeOf(join(folder, name))]).toEqual([name, 0o600]);
      } finally {
        await progress.close();
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
