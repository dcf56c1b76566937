import { runBackfillCommand, runCommand } from "../../../service-kit";
import { catalogSync } from "../sync";
import { catalogDatabases } from "./databases";

/**
 * `npx tsx extracted/catalog/cli/backfill-main.ts`: copies the monolith's catalog into
 * `<STRANGLER_DATA_DIR>/catalog.sqlite` while the monolith keeps taking writes. Resumes after a
 * kill. Prints progress; exit code 0 when done (service-kit/cli/backfill-command.ts).
 */
runCommand("backfill", () => runBackfillCommand(catalogSync, catalogDatabases()));
