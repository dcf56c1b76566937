import { Counter, Registry } from "prom-client";
import request from "supertest";
import { relayMetricsHandler } from "./relay-metrics";

describe("the relay process's metrics listener", () => {
  const registry = new Registry();
  new Counter({ name: "cdc_relay_published_total", help: "test", labelNames: ["source", "stream"], registers: [registry] }).inc({ source: "monolith", stream: "CDC_MONOLITH" }, 3);
  const handler = relayMetricsHandler(registry, "a-long-metrics-token");

  it("serves Prometheus text for the token", async () => {
    const answer = await request(handler).get("/metrics").set("authorization", "Bearer a-long-metrics-token");
    expect(answer.status).toBe(200);
    expect(answer.headers["content-type"]).toMatch(/^text\/plain/);
    expect(answer.text).toContain('cdc_relay_published_total{source="monolith",stream="CDC_MONOLITH"} 3');
  });

  it.each([
    ["without a token", undefined],
    ["with a wrong token", "Bearer not-the-metrics-token"],
    ["with the token but not as a bearer", "a-long-metrics-token"],
  ])("answers 401 in the error envelope %s", async (_case, authorization) => {
    const call = request(handler).get("/metrics");
    const answer = await (authorization ? call.set("authorization", authorization) : call);
    expect(answer.status).toBe(401);
    expect(answer.headers["www-authenticate"]).toBe('Bearer realm="metrics"');
    expect(answer.body).toEqual({ error: { code: "RELAY_ERR_METRICS_UNAUTHORIZED", message: expect.stringContaining("STRANGLER_METRICS_TOKEN") } });
    expect(answer.text).not.toContain("cdc_relay");
  });

  it("answers 404 for any other path or method", async () => {
    for (const answer of [await request(handler).get("/"), await request(handler).post("/metrics").set("authorization", "Bearer a-long-metrics-token")]) {
      expect(answer.status).toBe(404);
      expect(answer.body.error.code).toBe("RELAY_ERR_NOT_FOUND");
    }
  });
});
