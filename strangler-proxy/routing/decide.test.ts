import { parseConfigText } from "../config/load-config-file";
import { decide } from "./decide";
import { MATCH_TABLE } from "./match-route.cases";
import { buildRouteTable } from "./route-table";

const table = buildRouteTable(parseConfigText(JSON.stringify(MATCH_TABLE), "table.json", {}));
const route = table.byId.get("products-read")!;

describe("decide", () => {
  it("sends a matched route to its service when the flag is on for the user", () => {
    expect(decide(table, route, () => true, () => "u1")).toEqual({ routeId: "products-read", upstream: "catalog", side: "service" });
  });

  it("sends a matched route to the monolith when the flag is off", () => {
    expect(decide(table, route, () => false, () => "u1")).toEqual({ routeId: "products-read", upstream: "monolith", side: "monolith" });
  });

  it("sends unmatched requests to the default upstream without asking the flags", () => {
    const asked: string[] = [];
    const decision = decide(table, undefined, (id) => (asked.push(id), true), () => "u1");
    expect(decision).toEqual({ routeId: null, upstream: "monolith", side: "monolith" });
    expect(asked).toEqual([]);
  });

  it("asks the flag with the route id and the sticky key", () => {
    const asked: Array<[string, string]> = [];
    decide(table, route, (id, key) => (asked.push([id, key()]), false), () => "user-7");
    expect(asked).toEqual([["products-read", "user-7"]]);
  });

  it("computes the sticky key only when the flag check asks for it", () => {
    let computed = 0;
    const key = () => (computed++, "user-7");
    expect(decide(table, route, () => true, key).side).toBe("service");
    expect(computed).toBe(0);
  });
});
