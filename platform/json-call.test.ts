import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { callJson, JsonCallFailed } from "./json-call";

describe("callJson", () => {
  let server: Server;
  let base: string;
  const seen: Array<{ method?: string; headers: Record<string, unknown>; body: string }> = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk));
      req.on("end", () => {
        seen.push({ method: req.method, headers: req.headers, body });
        if (req.url === "/ok") return void res.writeHead(200, { "content-type": "application/json" }).end('{"a":1}');
        if (req.url === "/refused") return void res.writeHead(409).end('{"error":{"code":"X_ERR_TAKEN","message":"taken","fields":[{"field":"f","message":"m"}]}}');
        if (req.url === "/text") return void res.writeHead(502).end("Bad Gateway");
        // /slow: never answers
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it("sends JSON on a connection of its own and reads the JSON answer", async () => {
    const answer = await callJson({ method: "POST", url: `${base}/ok`, headers: { "x-actor": "t" }, body: { b: 2 }, timeoutMs: 60_000 });
    expect(answer).toMatchObject({ status: 200, ok: true, json: { a: 1 } });
    expect(seen.at(-1)).toMatchObject({ method: "POST", body: '{"b":2}', headers: { "content-type": "application/json", connection: "close", "x-actor": "t" } });
  });

  it("frames a body on every method, also DELETE (node would send it without a length)", async () => {
    const answer = await callJson({ method: "DELETE", url: `${base}/ok`, body: { holder: "h", reason: "r" }, timeoutMs: 60_000 });
    expect(answer.status).toBe(200);
    expect(seen.at(-1)).toMatchObject({ method: "DELETE", body: '{"holder":"h","reason":"r"}', headers: { "content-length": "27" } });
  });

  it("gives an error answer's envelope, and a non-JSON answer as text", async () => {
    const refused = await callJson({ method: "GET", url: `${base}/refused`, timeoutMs: 60_000 });
    expect(refused).toMatchObject({ status: 409, ok: false, error: { code: "X_ERR_TAKEN", message: "taken", fields: [{ field: "f", message: "m" }] } });
    const text = await callJson({ method: "GET", url: `${base}/text`, timeoutMs: 60_000 });
    expect(text).toMatchObject({ status: 502, ok: false, text: "Bad Gateway", json: undefined, error: undefined });
  });

  it("rejects with JsonCallFailed when nobody answers: refused, or no answer in time", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await expect(callJson({ method: "GET", url: `http://127.0.0.1:${port}/`, timeoutMs: 60_000 })).rejects.toMatchObject({ name: "JsonCallFailed", reason: "ECONNREFUSED" });
    const slow = callJson({ method: "GET", url: `${base}/slow`, timeoutMs: 200 });
    await expect(slow).rejects.toBeInstanceOf(JsonCallFailed);
    await expect(slow).rejects.toMatchObject({ reason: "no answer within 200 ms" });
  });
});
