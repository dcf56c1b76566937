import { runBackfillCommand, runCommand } from "../../../service-kit";
import { ordersSync } from "../sync";
import { ordersDatabases } from "./databases";

/**
 * `npx tsx extracted/orders/cli/backfill-main.ts`: copies the monolith's sessions, orders and order
 * lines into `<STRANGLER_DATA_DIR>/orders.sqlite` (or ORDERS_DATABASE_URL) while the monolith keeps taking orders. Resumes
 * after a kill; exit 0 when done (service-kit/cli/backfill-command.ts).
 */
runCommand("backfill", () => runBackfillCommand(ordersSync, ordersDatabases()));
