import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface TempDir {
  path: string;
  /** Path of a file inside the folder. */
  file(name: string): string;
  remove(): void;
}

/** A fresh folder under the OS temp dir; `remove()` deletes it and everything in it. */
export function tempDir(prefix = "strangler-test-"): TempDir {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return {
    path,
    file: (name) => join(path, name),
    remove: () => rmSync(path, { recursive: true, force: true }),
  };
}
