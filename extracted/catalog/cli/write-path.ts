import "reflect-metadata";
import type { WritePath } from "../../../cdc";
import { openServiceWritePath } from "../../../service-kit";
import { catalogSync } from "../sync";
import { catalogDatabases } from "./databases";

/** The proxy route group of the catalog's write routes (found by `strangler cutover` by convention). */
export { WRITE_GROUP } from "../sync";

/**
 * The catalog's write path for `strangler cutover catalog` and `strangler verify catalog`: both
 * databases opened and migrated. `env` is the operator's environment (STRANGLER_DATA_DIR), read
 * through the catalog's config (the process's own when omitted).
 */
export function openWritePath(env?: NodeJS.ProcessEnv): Promise<WritePath> {
  return openServiceWritePath(catalogSync, catalogDatabases(env));
}
