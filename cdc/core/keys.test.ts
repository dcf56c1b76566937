import { keyText, keyToken, subjectToken } from "./keys";
import { changeSubject, heartbeatSubject, streamName } from "./naming";

const VALID_TOKEN = /^[A-Za-z0-9_-]+$/;

describe("keys and subjects", () => {
  it("gives equal text to equal keys whatever the column order", () => {
    expect(keyText({ b: 2, a: 1 })).toBe(keyText({ a: 1, b: 2 }));
  });

  it("keeps simple key values readable in subjects", () => {
    expect(changeSubject("monolith", "products", { id: 42 })).toBe("cdc.monolith.products.42");
    expect(keyToken({ sku: "AB-12" })).toBe("AB-12");
  });

  it("encodes keys with dots, wildcards, spaces or several columns as one valid token", () => {
    for (const key of [{ id: "a.b" }, { id: "*" }, { id: ">" }, { id: "two words" }, { id: "_x" }, { order_id: 1, line_no: 2 }]) {
      const token = keyToken(key);
      expect(token).toMatch(VALID_TOKEN);
      expect(token.startsWith("_")).toBe(true);
    }
  });

  it("never lets an encoded token equal a plain one", () => {
    expect(subjectToken("_abc")).not.toBe("_abc");
  });

  it("names the stream and heartbeat subject of a source", () => {
    expect(streamName("monolith")).toBe("CDC_MONOLITH");
    expect(streamName("order-service")).toBe("CDC_ORDER_SERVICE");
    expect(heartbeatSubject("monolith").startsWith("cdc.monolith.")).toBe(false);
  });
});
