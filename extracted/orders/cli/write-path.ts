import "reflect-metadata";
import type { WritePath } from "../../../cdc";
import { openServiceWritePath } from "../../../service-kit";
import { ordersSync } from "../sync";
import { ordersDatabases } from "./databases";

/** The proxy route group of the orders write routes (found by `strangler cutover` by convention). */
export { WRITE_GROUP } from "../sync";

/**
 * The orders service's write path for `strangler verify orders` (and, once the service has its
 * write routes, `strangler cutover orders`): both databases opened and migrated.
 */
export function openWritePath(env?: NodeJS.ProcessEnv): Promise<WritePath> {
  return openServiceWritePath(ordersSync, ordersDatabases(env));
}
