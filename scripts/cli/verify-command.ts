import type { Command } from "commander";
import { runServiceProcess, serviceFolder } from "./service-process";

/** `strangler verify <service> [--repair]`: compare the monolith and the service row by row through the mapping. */
export function verifyCommand(program: Command): void {
  program
    .command("verify <service>")
    .description("compare the monolith and the service (extracted/<service>/cli/verify-main.ts): exit 0 without drift, else the drifted keys and a non-zero exit")
    .option("--repair", "re-sync the drifted keys, then verify again")
    .action(async (name: string, options: { repair?: boolean }) => {
      const folder = serviceFolder(name, "verify");
      await runServiceProcess(`verify ${name}`, folder.verify, options.repair ? ["--repair"] : []);
    });
}
