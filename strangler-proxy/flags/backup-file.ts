import { readFileSync, renameSync } from "node:fs";
import { dirname } from "node:path";
import { makePrivateDir, writePrivateFile } from "../../platform";

/**
 * The last known flags on disk, so a restart while the flag source is down routes as before.
 * Written to a temp file (mode 0600) and renamed, so a crash mid-write never leaves half a file.
 */
export class BackupFile<T> {
  constructor(private readonly path: string) {}

  async set(_key: string, data: T): Promise<void> {
    makePrivateDir(dirname(this.path));
    const temp = `${this.path}.${process.pid}.tmp`;
    writePrivateFile(temp, JSON.stringify(data));
    renameSync(temp, this.path);
  }

  async get(_key: string): Promise<T | undefined> {
    try {
      const text = readFileSync(this.path, "utf8");
      return text.trim() ? (JSON.parse(text) as T) : undefined;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw err;
    }
  }
}
