/**
 * The bench's outside tools, from Debian: wrk (the load generator, required) and nginx (a
 * comparison row, optional). A missing one is installed with apt-get when the bench runs as root;
 * otherwise wrk's absence stops the bench with the command to run, and nginx's row says "not installed".
 */
import { spawnSync } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";

const SYSTEM_DIRS = ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"];

/** The executable `name` on PATH or in the system folders, or undefined. */
export function findExecutable(name: string, searchPath = process.env.PATH ?? ""): string | undefined {
  for (const dir of [...searchPath.split(delimiter).filter(Boolean), ...SYSTEM_DIRS]) {
    try {
      accessSync(join(dir, name), constants.X_OK);
      return join(dir, name);
    } catch {
      // not here
    }
  }
  return undefined;
}

const isRoot = () => process.getuid?.() === 0;

/** `apt-get install -y <pkg>` (after `apt-get update` when the first try fails); true when it worked. */
function aptInstall(pkg: string): boolean {
  const install = () => spawnSync("apt-get", ["install", "-y", pkg], { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } }).status === 0;
  if (install()) return true;
  spawnSync("apt-get", ["update"], { stdio: "inherit" });
  return install();
}

/** wrk's path, installing Debian's `wrk` when running as root; exits 1 with the command otherwise. */
export function ensureWrk(): string {
  const found = findExecutable("wrk");
  if (found) return found;
  if (!isRoot()) {
    process.stderr.write("bench:proxy: wrk (the load generator, Debian package `wrk`) is not installed. Run `sudo apt-get install -y wrk`, then run the bench again.\n");
    process.exit(1);
  }
  process.stdout.write("bench:proxy: wrk (the load generator, Debian package `wrk`) is not installed: installing it with `apt-get install -y wrk` …\n");
  const installed = aptInstall("wrk") ? findExecutable("wrk") : undefined;
  if (!installed) {
    process.stderr.write("bench:proxy: `apt-get install -y wrk` failed (see above). Install wrk, then run the bench again.\n");
    process.exit(1);
  }
  return installed;
}

/** nginx's path, installing Debian's `nginx` when running as root; undefined when missing and not installable. */
export function ensureNginx(): string | undefined {
  const found = findExecutable("nginx");
  if (found) return found;
  if (!isRoot()) {
    process.stdout.write("bench:proxy: nginx is not installed (optional row; `sudo apt-get install -y nginx` to compare): its rows say \"not installed\".\n");
    return undefined;
  }
  process.stdout.write("bench:proxy: nginx is not installed (optional row): installing it with `apt-get install -y nginx` …\n");
  const installed = aptInstall("nginx") ? findExecutable("nginx") : undefined;
  if (!installed) process.stdout.write("bench:proxy: installing nginx failed: its rows say \"not installed\".\n");
  return installed;
}
