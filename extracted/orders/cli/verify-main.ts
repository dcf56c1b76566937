import { runCommand, runVerifyCommand } from "../../../service-kit";
import { ORDERS_ERROR_CODES } from "../errors";
import { openWritePath } from "./write-path";

/**
 * `npx tsx extracted/orders/cli/verify-main.ts [--repair] [--json]` (run by `strangler verify
 * orders`): compares the monolith and the orders service; exit codes in service-kit/cli/verify-command.ts.
 */
runCommand("verify", () => runVerifyCommand(() => openWritePath(), process.argv.slice(2), ORDERS_ERROR_CODES.drift));
