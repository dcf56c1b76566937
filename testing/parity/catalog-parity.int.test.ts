import { startCatalogExtraction, waitForSyncPosition, catalogChangePosition, type CatalogExtraction } from "../catalog";
import { rawRequest } from "../proxy";
import { CATALOG_PARITY_CASES } from "./catalog.cases";
import { runParity, normaliseAnswer, type ParityResult } from "./parity-runner";

describe("catalog parity: monolith, proxy with the flag off, proxy with the flag on", () => {
  let stack: CatalogExtraction;
  let off: ParityResult[];
  let on: ParityResult[];

  beforeAll(async () => {
    stack = await startCatalogExtraction();
    const direct = { name: "monolith", url: stack.shop.url };
    off = await runParity(CATALOG_PARITY_CASES, [direct, { name: "proxy (monolith stage)", url: stack.proxy.url }]);
    await stack.setCatalogStage("service");
    on = await runParity(CATALOG_PARITY_CASES, [direct, { name: "proxy (service stage)", url: stack.proxy.url }, { name: "catalog", url: stack.catalog.url }]);
  });

  afterAll(async () => {
    await stack?.close();
  });

  it.each(CATALOG_PARITY_CASES.map((testCase, index) => [testCase.name, index] as const))("%s: same answer from every target", (_name, index) => {
    for (const result of [off[index], on[index]]) {
      const [reference, ...others] = Object.values(result.answers);
      for (const answer of others) expect(answer).toEqual(reference);
    }
  });

  it("serves the flag-on answers from the catalog service", async () => {
    const answer = await rawRequest(stack.proxy.url, { path: "/products/1" });
    expect(answer.headers["x-served-by"]).toBe("catalog");
  });

  it("reads a write to the monolith through the service once sync applied it", async () => {
    const headers = { authorization: `Bearer ${stack.shop.adminToken}`, "content-type": "application/json" };
    const patched = await rawRequest(stack.shop.url, { method: "PATCH", path: "/products/2", headers, body: JSON.stringify({ name: "Parity renamed", priceCents: 777 }) });
    expect(patched.status).toBe(200);
    await waitForSyncPosition(stack.catalog.url, await catalogChangePosition(stack.shop.dataSource));
    const [direct, proxied] = await Promise.all([rawRequest(stack.shop.url, { path: "/products/2" }), rawRequest(stack.proxy.url, { path: "/products/2" })]);
    expect(proxied.headers["x-served-by"]).toBe("catalog");
    expect(normaliseAnswer(proxied)).toEqual(normaliseAnswer(direct));
    expect(normaliseAnswer(proxied).body).toMatchObject({ name: "Parity renamed", priceCents: 777 });
  });
});
