import type { Command } from "commander";
import { runServiceProcess, serviceFolder } from "./service-process";

/**
 * `strangler verify <service> [--repair] [--json]`: compare the monolith and the service row by row
 * through the mapping; a repair copies from the write group's owner to the other side only.
 */
export function verifyCommand(program: Command): void {
  program
    .command("verify <service>")
    .description("compare the monolith and the service (extracted/<service>/cli/verify-main.ts): exit 0 without drift, 2 with the drifted keys and the direction a repair would copy")
    .option("--repair", "copy the drifted keys from the owner to the other side (refused, exit 1, while sync from the owner has not drained), then verify again")
    .option("--json", "print the report as JSON")
    .action(async (name: string, options: { repair?: boolean; json?: boolean }) => {
      const folder = serviceFolder(name, "verify");
      await runServiceProcess(`verify ${name}`, folder.verify, [...(options.repair ? ["--repair"] : []), ...(options.json ? ["--json"] : [])]);
    });
}
