import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * The admin token of the local stack: the given one, else the one kept in `<dataDir>/admin-token`
 * (created with mode 0600 on first start), so the CLI and a second start use the same token.
 */
export function stackAdminToken(dataDir: string, given: string | undefined): string {
  if (given) return given;
  const file = join(dataDir, "admin-token");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  const token = randomBytes(24).toString("hex");
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  return token;
}
