import { Writable } from "node:stream";
import winston from "winston";
import { AccessLog, accessLogFor } from "./access-log";
import { createLogger } from "./logger";

const fields = { method: "GET", path: '/products/1 "quoted" ü', status: 200, route: "catalog-products-read", upstream: "monolith", durationMs: 0.197, requestId: "id-1" };

/** The line winston's own pipeline writes for the same fields (createLogger's format). */
function winstonLine(): Promise<string> {
  return new Promise((resolve) => {
    const logger = createLogger({ service: "strangler-proxy" });
    logger.clear();
    logger.add(
      new winston.transports.Stream({
        stream: new Writable({
          write(chunk: Buffer, _encoding, done) {
            resolve(chunk.toString("utf8").trim());
            done();
          },
        }),
      }),
    );
    logger.info("request", fields);
  });
}

describe("AccessLog", () => {
  it("writes the same line as the logger would, keys in the same order", async () => {
    const written: string[] = [];
    const log = new AccessLog("strangler-proxy", (text) => written.push(text));
    log.write(fields);
    log.close();
    const ours = JSON.parse(written.join("")) as Record<string, unknown>;
    const theirs = JSON.parse(await winstonLine()) as Record<string, unknown>;
    expect(Object.keys(ours)).toEqual(Object.keys(theirs));
    expect({ ...ours, timestamp: "" }).toEqual({ ...theirs, timestamp: "" });
    expect(new Date(ours.timestamp as string).toISOString()).toBe(ours.timestamp);
  });

  it("batches the lines of one event-loop turn into one write", async () => {
    const written: string[] = [];
    const log = new AccessLog("svc", (text) => written.push(text));
    log.write(fields);
    log.write({ ...fields, requestId: "id-2" });
    log.write({ ...fields, requestId: "id-3" });
    expect(written).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(written).toHaveLength(1);
    expect(written[0].trim().split("\n").map((line) => (JSON.parse(line) as { requestId: string }).requestId)).toEqual(["id-1", "id-2", "id-3"]);
    log.close();
  });

  it("is off when the logger drops info lines or is silent", () => {
    expect(accessLogFor(createLogger({ service: "x", level: "warn" }))).toBeNull();
    expect(accessLogFor(createLogger({ service: "x", silent: true }))).toBeNull();
    const on = accessLogFor(createLogger({ service: "x" }), () => undefined);
    expect(on).toBeInstanceOf(AccessLog);
    on?.close();
  });
});
