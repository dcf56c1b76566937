import { InvalidArgumentError, Option, type Command } from "commander";
import type { AdminClient } from "./admin-client";
import { CLI_ERROR_CODES, CliError } from "./cli-error";
import { printJson } from "./output";
import type { AppliedChange, RouteStageView, RoutesAnswer } from "./route-view";

const describe = (stage: RouteStageView) => (stage.stage === "canary" ? `canary ${stage.percent}%` : stage.stage);

export const STAGES = ["monolith", "shadow", "canary", "service"] as const;

function percentArgument(value: string): number {
  const percent = Number(value);
  if (!/^\d+$/.test(value) || percent > 100) throw new InvalidArgumentError("must be a whole number from 0 to 100.");
  return percent;
}

/** Fails with the list of valid ids when `id` is not a route of the proxy. */
async function knownRoute(client: AdminClient, id: string): Promise<void> {
  const { routes } = await client.get<RoutesAnswer>("/routes");
  if (!routes.some((route) => route.id === id)) {
    throw new CliError(CLI_ERROR_CODES.unknownRoute, `Unknown route "${id}". Valid route ids: ${routes.map((route) => route.id).join(", ")}`);
  }
}

/**
 * The proxy's refusal with its code in front (e.g. `PROXY_ERR_WRITE_GROUP: Route … Nothing changed.`),
 * so the operator sees which rule refused: a write route moves only with `strangler cutover`.
 */
async function showingProxyCode<T>(call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (err) {
    if (err instanceof CliError && err.code.startsWith("PROXY_ERR_")) throw new CliError(err.code, `${err.code}: ${err.message}`, err.exitCode);
    throw err;
  }
}

/** `strangler route set <id> --stage <stage> [--percent N] [--force]` and `strangler route rollback <id>`. */
export function routeCommand(program: Command, admin: () => AdminClient): void {
  const route = program.command("route").description("move a route between stages");

  route
    .command("set <id>")
    .description("set a route's stage (canary needs --percent)")
    .addOption(new Option("--stage <stage>", "target stage").choices(STAGES).makeOptionMandatory())
    .option("--percent <n>", "canary percentage, 0-100", percentArgument)
    .option("--reason <text>", "why (kept in the audit log)")
    .option("--force", "move even when the promotion gate refuses")
    .option("--json", "print the result as JSON")
    .action(async (id: string, options: { stage: string; percent?: number; reason?: string; force?: boolean; json?: boolean }) => {
      if (options.stage === "canary" && options.percent === undefined) {
        throw new CliError(CLI_ERROR_CODES.usage, "--stage canary needs --percent <0-100>.");
      }
      const client = admin();
      await knownRoute(client, id);
      const body = { stage: options.stage, ...(options.percent !== undefined ? { percent: options.percent } : {}), ...(options.reason ? { reason: options.reason } : {}), ...(options.force ? { force: true } : {}) };
      const result = await showingProxyCode(client.put<AppliedChange>(`/routes/${encodeURIComponent(id)}/stage`, body));
      if (options.json) return printJson(result);
      process.stdout.write(`${id}: ${describe(result.from)} → ${describe(result.to)}\n`);
    });

  route
    .command("rollback <id>")
    .description("send all of a route's traffic back to the monolith at once")
    .option("--reason <text>", "why (kept in the audit log)")
    .option("--json", "print the result as JSON")
    .action(async (id: string, options: { reason?: string; json?: boolean }) => {
      const client = admin();
      await knownRoute(client, id);
      const result = await showingProxyCode(client.post<AppliedChange>(`/routes/${encodeURIComponent(id)}/rollback`, options.reason ? { reason: options.reason } : {}));
      if (options.json) return printJson(result);
      process.stdout.write(`${id}: ${describe(result.from)} → ${describe(result.to)}\n`);
    });
}
