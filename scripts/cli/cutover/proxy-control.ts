import type { AdminClient } from "../admin-client";
import { CliError } from "../cli-error";
import type { RoutesAnswer } from "../route-view";
import type { Owner, ProxyControl } from "./ports";

/** The proxy's side of a cut-over through its admin API (group stage and fence). */
export function adminProxyControl(admin: AdminClient): ProxyControl {
  const path = (group: string, what: "stage" | "fence") => `/groups/${encodeURIComponent(group)}/${what}`;
  return {
    ownerOf: async (group) => {
      const { routes } = await admin.get<RoutesAnswer>("/routes");
      const members = routes.filter((route) => route.group === group);
      if (members.length === 0) {
        const groups = [...new Set(routes.map((route) => route.group).filter(Boolean))];
        throw new CliError("CLI_ERR_UNKNOWN_GROUP", `The proxy has no route group "${group}". Groups: ${groups.join(", ") || "(none)"}`);
      }
      const stages = new Set(members.map((route) => route.stage));
      if (stages.size === 1 && (stages.has("monolith") || stages.has("service"))) return [...stages][0] as Owner;
      const list = members.map((route) => `${route.id}: ${route.stage === "canary" ? `canary ${route.percent}%` : route.stage}`).join(", ");
      throw new CliError(
        "CLI_ERR_GROUP_SPLIT",
        `The routes of "${group}" are not all on the monolith or all on the service (${list}). Writes move whole: put them back with \`strangler route rollback <id>\` first. Nothing changed.`,
      );
    },
    fence: async (group, reason) => void (await admin.put(path(group, "fence"), { reason })),
    unfence: async (group, reason) => void (await admin.delete(path(group, "fence"), { reason })),
    route: async (group, owner: Owner, reason) => void (await admin.put(path(group, "stage"), { stage: owner, force: true, reason })),
  };
}
