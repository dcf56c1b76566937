import { runCommand, runVerifyCommand } from "../../../service-kit";
import { CATALOG_ERROR_CODES } from "../errors";
import { openWritePath } from "./write-path";

/**
 * `npx tsx extracted/catalog/cli/verify-main.ts [--repair] [--json]` (run by `strangler verify
 * catalog`): compares the monolith and the catalog; exit codes in service-kit/cli/verify-command.ts.
 */
runCommand("verify", () => runVerifyCommand(() => openWritePath(), process.argv.slice(2), CATALOG_ERROR_CODES.drift));
