import "reflect-metadata";
import { ConfigError } from "../../platform";

/**
 * Runs a service command's body and exits with its code; a config error prints its own message
 * (file, field and fix), anything else `<name> failed: <message>` — never a stack trace.
 */
export function runCommand(name: string, body: () => Promise<number>): void {
  body().then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`${err instanceof ConfigError ? err.message : `${name} failed: ${err instanceof Error ? err.message : String(err)}`}\n`);
      process.exit(1);
    },
  );
}
