import type { RouteTableIssue } from "./write-route-rules";

/*
 * The rules of read-your-writes in the route table (docs/read-your-writes.md), returned as issues
 * for the zod schema: the path of the field and a message that says the fix.
 */

/**
 * A route with read-your-writes needs both its sides to say where their log heads are, and its
 * service to serve a sync status (the applied positions come from there).
 */
export function readYourWritesIssues(file: {
  upstreams: ReadonlyArray<{ name: string; default: boolean; syncHeadUrl?: string; syncStatusPath?: string }>;
  routes: ReadonlyArray<{ upstream: string; readYourWrites: { mode: string } }>;
}): RouteTableIssue[] {
  const issues: RouteTableIssue[] = [];
  const defaultUpstream = file.upstreams.find((u) => u.default) ?? (file.upstreams.length === 1 ? file.upstreams[0] : undefined);
  file.routes.forEach((route, i) => {
    if (route.readYourWrites.mode === "off") return;
    const service = file.upstreams.find((u) => u.name === route.upstream);
    const path = ["routes", i, "readYourWrites", "mode"];
    if (!service || service === defaultUpstream) return;
    if (!service.syncStatusPath) issues.push({ path, message: `needs upstream "${service.name}" to have a syncStatusPath ("/internal/sync/status"): its applied positions are read there` });
    if (!service.syncHeadUrl) issues.push({ path, message: `needs upstream "${service.name}" to have a syncHeadUrl ("/internal/sync/head")` });
    if (defaultUpstream && !defaultUpstream.syncHeadUrl) {
      issues.push({ path, message: `needs the default upstream "${defaultUpstream.name}" to have a syncHeadUrl: its relay's head, e.g. "http://127.0.0.1:8082/internal/sync/head" (RELAY_METRICS_PORT)` });
    }
  });
  return issues;
}
