import { parseConfigText } from "../config/load-config-file";
import { MATCH_CASES, MATCH_TABLE } from "./match-route.cases";
import { normaliseTarget } from "./normalise-path";
import type { RequestView } from "./request-view";
import { buildRouteTable, isWriteGroup, lookupRoute, matchRoute } from "./route-table";

const table = buildRouteTable(parseConfigText(JSON.stringify(MATCH_TABLE), "table.json", {}));

function view(method: string, raw: string, headers: Record<string, string> = {}, strict = false): RequestView | { status: number } {
  const target = normaliseTarget(raw, { maxBytes: 8192, strict });
  if (!target.ok) return { status: target.status };
  return { method, path: target.path, segments: target.segments, encodedSlash: target.encodedSlash, query: target.query, header: (name) => headers[name], clientAddress: "10.0.0.1" };
}

function outcome(method: string, raw: string, headers: Record<string, string> | undefined, strict: boolean): { route: string | null } | { status: number } {
  const request = view(method, raw, headers, strict);
  if ("status" in request) return { status: request.status };
  const found = lookupRoute(table, request);
  return found.refusal ? { status: 400 } : { route: found.route?.id ?? null };
}

describe("matchRoute", () => {
  it.each(MATCH_CASES.map((c) => [c.name, c] as const))("%s", (_name, testCase) => {
    expect(outcome(testCase.method, testCase.raw, testCase.headers, false)).toEqual(testCase.expect);
  });

  it.each(MATCH_CASES.map((c) => [c.name, c] as const))("with strictPaths: %s", (_name, testCase) => {
    expect(outcome(testCase.method, testCase.raw, testCase.headers, true)).toEqual(testCase.strict ?? testCase.expect);
  });

  it("refuses an encoded slash no route takes when the table says reject", () => {
    const strictTable = buildRouteTable(parseConfigText(JSON.stringify({ ...MATCH_TABLE, encodedSlashes: "reject" }), "table.json", {}));
    const request = view("GET", "/elsewhere/a%2Fb") as RequestView;
    expect(lookupRoute(strictTable, request).refusal).toMatch(/encodedSlashes: reject/);
    // A route with its own encodedSlashes (decode) still takes it.
    expect(matchRoute(strictTable, view("GET", "/files/a%2Fb") as RequestView)?.id).toBe("files");
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
