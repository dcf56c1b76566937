import { callJson, JsonCallFailed, type JsonAnswer } from "../../platform";
import { CDC_ERROR_CODES, CdcError } from "../core/errors";
import type { Owner } from "./owner";

/** A write group as the proxy routes it now. */
export interface ProxyGroupView {
  /** The stage all its routes share (`monolith`, `service`, …), or `mixed`. */
  stage: string;
  /** The group's fence lease, when one is held. */
  fence: { holder: string; reason: string | null; fencedAt: string; expiresAt: string } | null;
}

/**
 * The proxy's part of a write group's ownership (its admin API): the fence (a lease with a holder)
 * that answers the group's routes 503 + Retry-After on every instance, and the group's routing,
 * which only the fence's holder may change.
 */
export interface ProxyControl {
  group(group: string): Promise<ProxyGroupView>;
  /** Sets or renews the group's fence for `holder`, expiring after `leaseMs` unless renewed. */
  fence(group: string, holder: string, leaseMs: number, reason: string): Promise<void>;
  /** Lifts the fence `holder` holds (no-op when none is held). */
  unfence(group: string, holder: string, reason: string): Promise<void>;
  /** Routes all of the group's traffic to `owner`; needs the group's fence held by `holder`. */
  route(group: string, owner: Owner, holder: string, reason: string): Promise<void>;
}

export interface AdminApiOptions {
  /** The admin API of the proxy instance hosting the flag store, e.g. http://127.0.0.1:8081. */
  url: string;
  token?: string;
  /** Who is asking (audit), e.g. `strangler-cli` or `catalog-keeper`. */
  actor: string;
  /** Per request (default 10 s). */
  timeoutMs?: number;
}

interface GroupsAnswer {
  groups: Array<{ group: string; stage: string; fence: ProxyGroupView["fence"] }>;
}

/** ProxyControl over the proxy's admin API (`GET /groups`, `PUT|DELETE /groups/:g/fence`, `PUT /groups/:g/stage`). */
export function adminApiProxyControl(options: AdminApiOptions): ProxyControl {
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const headers: Record<string, string> = { "x-actor": options.actor };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let answer: JsonAnswer;
    try {
      answer = await callJson({ method, url: `${options.url.replace(/\/$/, "")}${path}`, headers, body, timeoutMs: options.timeoutMs ?? 10_000 });
    } catch (err) {
      if (!(err instanceof JsonCallFailed)) throw err;
      throw new CdcError(CDC_ERROR_CODES.proxyUnreachable, `Cannot reach the proxy's admin API at ${options.url} (${err.reason}). Is the proxy running? Set STRANGLER_ADMIN_URL.`);
    }
    if (!answer.ok) {
      const hint = answer.status === 401 ? " Set STRANGLER_ADMIN_TOKEN (npm start keeps it in .strangler/admin-token)." : "";
      throw new CdcError(CDC_ERROR_CODES.proxyRefused, `the proxy refused ${method} ${path} (${answer.status}${answer.error?.code ? ` ${answer.error.code}` : ""}): ${answer.error?.message ?? answer.text.slice(0, 200)}${hint}`);
    }
    return answer.json as T;
  };
  const path = (group: string, what: "stage" | "fence") => `/groups/${encodeURIComponent(group)}/${what}`;
  return {
    group: async (group) => {
      const { groups } = await call<GroupsAnswer>("GET", "/groups");
      const found = groups.find((candidate) => candidate.group === group);
      if (!found) {
        throw new CdcError(CDC_ERROR_CODES.proxyRefused, `The proxy's route table has no group "${group}". Groups: ${groups.map((candidate) => candidate.group).join(", ") || "(none)"}`);
      }
      return { stage: found.stage, fence: found.fence };
    },
    fence: async (group, holder, leaseMs, reason) => void (await call("PUT", path(group, "fence"), { holder, leaseMs, reason })),
    unfence: async (group, holder, reason) => void (await call("DELETE", path(group, "fence"), { holder, reason })),
    route: async (group, owner, holder, reason) => void (await call("PUT", path(group, "stage"), { stage: owner, fenceHolder: holder, reason })),
  };
}
