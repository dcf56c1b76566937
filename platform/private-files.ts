import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";

/** Mode of every file the toolkit writes under its data folder: owner read/write only. */
export const PRIVATE_FILE_MODE = 0o600;
/** Mode of every folder it creates there: owner only. */
export const PRIVATE_DIR_MODE = 0o700;

/**
 * Makes every file and folder this process (and the processes it starts) creates from now on private:
 * umask 077, so SQLite databases with their -wal/-shm, logs, backups and nats-server's store come out
 * 0600/0700. The first line of each deployable's main.
 */
export function restrictFileModes(): void {
  process.umask(0o077);
}

/** Creates `path` (and missing parents) with mode 0700; an existing folder is left as it is. */
export function makePrivateDir(path: string): void {
  mkdirSync(path, { recursive: true, mode: PRIVATE_DIR_MODE });
}

/** chmod 0600 each of `paths` that exists; a file this process may not change (EPERM) is left alone. */
export function makeFilesPrivate(...paths: string[]): void {
  for (const path of paths) {
    try {
      chmodSync(path, PRIVATE_FILE_MODE);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== "ENOENT" && code !== "EPERM") throw err;
    }
  }
}

/**
 * A SQLite database file and its companions made 0600. Called right after the connection opened and
 * before WAL is switched on: SQLite creates -wal and -shm with the database file's mode, so they follow.
 */
export function privateSqliteFiles(database: string): void {
  if (!database || database === ":memory:" || database.startsWith("file:")) return;
  makeFilesPrivate(database, `${database}-wal`, `${database}-shm`, `${database}-journal`);
}

/** Writes `data` to `path` with mode 0600 (also when the file already existed with another mode). */
export function writePrivateFile(path: string, data: string): void {
  writeFileSync(path, data, { mode: PRIVATE_FILE_MODE });
  makeFilesPrivate(path);
}

/**
 * The secret kept in `path` (trimmed), or a new one from `create()` written there with mode 0600 when
 * the file is missing or empty. An existing file is made 0600 too.
 */
export function readOrCreateSecretFile(path: string, create: () => string): string {
  if (existsSync(path)) {
    makeFilesPrivate(path);
    const kept = readFileSync(path, "utf8").trim();
    if (kept) return kept;
  }
  const secret = create();
  writePrivateFile(path, `${secret}\n`);
  return secret;
}
