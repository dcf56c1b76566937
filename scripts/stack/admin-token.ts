import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { readOrCreateSecretFile } from "../../platform";

/**
 * The admin token of the local stack: the given one, else the one kept in `<dataDir>/admin-token`
 * (created with mode 0600 on first start, made 0600 when found otherwise), so the CLI and a second
 * start use the same token.
 */
export function stackAdminToken(dataDir: string, given: string | undefined): string {
  if (given) return given;
  return readOrCreateSecretFile(join(dataDir, "admin-token"), () => randomBytes(24).toString("hex"));
}
