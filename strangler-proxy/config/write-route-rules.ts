/**
 * The rules of write routes (`"writes": true`) in the route table. A write route writes tables that
 * one side owns at a time, so its group moves whole, 0 % → 100 %, and only with `npx strangler cutover`.
 * Each rule returns issues for the zod schema: the path of the field and a message that says the fix.
 */

/** The stages a write route may be at: writes have one owner, never a shadow copy or a canary share. */
export const WRITE_STAGES = ["monolith", "service"] as const;

export interface RouteTableIssue {
  path: Array<string | number>;
  message: string;
}

interface RouteFields {
  id: string;
  group?: string;
  writes: boolean;
  stage: string;
}

/** A single write route: it needs a group, and its stage is monolith or service. */
export function writeRouteIssues(route: RouteFields): RouteTableIssue[] {
  if (!route.writes) return [];
  const issues: RouteTableIssue[] = [];
  if (!route.group) {
    issues.push({
      path: ["group"],
      message: `"writes": true needs a "group" (the write group that moves with npx strangler cutover <group>). Fix: add "group", e.g. "<service>-writes", or remove "writes"`,
    });
  }
  if (!(WRITE_STAGES as readonly string[]).includes(route.stage)) {
    issues.push({
      path: ["stage"],
      message: `a write route's stage is "monolith" or "service", not "${route.stage}" (writes move 0 % → 100 %, never in shadow or canary). Fix: set "stage": "monolith"`,
    });
  }
  return issues;
}

/** Across the table: all routes of one group agree on `writes` (a group is a write group or not). */
export function writeGroupIssues(routes: readonly RouteFields[]): RouteTableIssue[] {
  const writers = new Map<string, string[]>();
  for (const route of routes) if (route.writes && route.group) writers.set(route.group, [...(writers.get(route.group) ?? []), route.id]);
  const issues: RouteTableIssue[] = [];
  routes.forEach((route, i) => {
    const others = route.group ? writers.get(route.group) : undefined;
    if (route.writes || !others) return;
    issues.push({
      path: ["routes", i, "writes"],
      message:
        `route "${route.id}" is in the write group "${route.group}" (write routes: ${others.join(", ")}) without "writes": true; ` +
        `all routes of a group agree on "writes". Fix: set "writes": true on it, or give it another group`,
    });
  });
  return issues;
}
