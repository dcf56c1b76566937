import { parseConfigText } from "../config/load-config-file";
import { MATCH_CASES, MATCH_TABLE } from "./match-route.cases";
import { normaliseTarget } from "./normalise-path";
import type { RequestView } from "./request-view";
import { buildRouteTable, isWriteGroup, matchRoute } from "./route-table";

const table = buildRouteTable(parseConfigText(JSON.stringify(MATCH_TABLE), "table.json", {}));

function view(method: string, raw: string, headers: Record<string, string> = {}): RequestView | { status: number } {
  const target = normaliseTarget(raw, 8192);
  if (!target.ok) return { status: target.status };
  return { method, path: target.path, query: target.query, header: (name) => headers[name], clientAddress: "10.0.0.1" };
}

describe("matchRoute", () => {
  it.each(MATCH_CASES.map((c) => [c.name, c] as const))("%s", (_name, testCase) => {
    const request = view(testCase.method, testCase.raw, testCase.headers);
    if ("status" in request) {
      expect(testCase.expect).toEqual({ status: request.status });
      return;
    }
    expect(testCase.expect).toEqual({ route: matchRoute(table, request)?.id ?? null });
  });

  it("sends unmatched requests to the upstream marked default", () => {
    expect(table.defaultUpstream).toBe("monolith");
  });

  it("groups routes by their group name", () => {
    expect(table.groups.get("catalog")?.map((r) => r.id)).toEqual(["products-read"]);
  });

  it("knows the write groups from the routes' writes field, not from the group's name", () => {
    const writes = buildRouteTable(
      parseConfigText(
        JSON.stringify({
          upstreams: [{ name: "monolith", url: "http://127.0.0.1:1", default: true }],
          routes: [
            { id: "orders-write", group: "orders", writes: true, paths: ["/orders"], upstream: "monolith" },
            { id: "products-read", group: "catalog-writes", paths: ["/products"], upstream: "monolith" },
          ],
        }),
        "t.json",
        {},
      ),
    );
    expect(writes.byId.get("orders-write")?.writes).toBe(true);
    expect(isWriteGroup(writes, "orders")).toBe(true);
    expect(isWriteGroup(writes, "catalog-writes")).toBe(false);
    expect(isWriteGroup(table, "catalog")).toBe(false);
  });
});
