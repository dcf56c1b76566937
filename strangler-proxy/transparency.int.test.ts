// Issue 14: the proxy as a client the legacy app cannot tell apart from a direct one, beyond what the
// corpus of testing/conformance covers: connection handling (half-close, Connection: close, Expect),
// upgrades that are not websockets, the fence on upgrades, node's parser refusals as the JSON
// envelope, every refusal logged at warn, the Host options, and an app without a health endpoint.
import { createServer, type IncomingMessage, type Server } from "node:http";
import { connect, createServer as createTcpServer, type AddressInfo, type Server as TcpServer, type Socket } from "node:net";
import { Writable } from "node:stream";
import winston from "winston";
import { tempDir, type TempDir } from "../testing";
import { exchange, serialiseHead, startRawEchoUpstream, type Field, type RawEchoUpstream } from "../testing/conformance";
import { adminCall, startProxy, waitUntil, type StartedProxy } from "../testing/proxy";

jest.setTimeout(60_000);

const HOST: Field = ["Host", "shop.example"];
const portOf = (url: string) => Number(new URL(url).port);
const json = (body: Buffer) => JSON.parse(body.toString("utf8")) as { error: { code: string; message: string } };

/** A TCP upstream that answers upgrades: `accept` joins with 101 then echoes, else a plain 200 (as an app without h2c does). */
async function upgradeUpstream(accept: boolean): Promise<{ port: number; heads: string[]; close(): Promise<void> }> {
  const heads: string[] = [];
  const sockets = new Set<Socket>();
  const server: TcpServer = createTcpServer((socket) => {
    sockets.add(socket);
    socket.on("error", () => undefined);
    let buffer = "";
    let upgraded = false;
    socket.on("data", (data: Buffer) => {
      if (upgraded) return void socket.write(data);
      buffer += data.toString("latin1");
      const end = buffer.indexOf("\r\n\r\n");
      if (end === -1) return;
      heads.push(buffer.slice(0, end));
      const rest = buffer.slice(end + 4);
      if (accept && /\r\nUpgrade:/i.test(buffer)) {
        upgraded = true;
        socket.write("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n");
        if (rest) socket.write(rest, "latin1");
      } else {
        buffer = rest;
        socket.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nplain\r\n0\r\n\r\n");
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    heads,
    close: () => new Promise<void>((resolve) => (sockets.forEach((s) => s.destroy()), server.close(() => resolve()))),
  };
}

/** Writes `bytes` on a fresh connection and collects everything until the server closes (or `ms` pass). */
function rawConversation(port: number, bytes: Buffer | string, ms = 3000, then?: (socket: Socket, received: () => string) => void): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    let received = "";
    const timer = setTimeout(() => (socket.destroy(), resolve(received)), ms);
    socket.on("data", (data: Buffer) => {
      received += data.toString("latin1");
      then?.(socket, () => received);
      // A whole answer with a length: no need to wait for a close that a kept-alive connection never sends.
      const end = received.indexOf("\r\n\r\n");
      const length = /\r\ncontent-length: (\d+)\r\n/i.exec(received.slice(0, end + 2));
      if (end !== -1 && length && received.length >= end + 4 + Number(length[1])) {
        clearTimeout(timer);
        socket.destroy();
        resolve(received);
      }
    });
    socket.on("close", () => (clearTimeout(timer), resolve(received)));
    socket.on("error", () => undefined);
    socket.write(typeof bytes === "string" ? Buffer.from(bytes, "latin1") : bytes);
  });
}

function bodyOf(text: string): string {
  return text.slice(text.indexOf("\r\n\r\n") + 4);
}

let echo: RawEchoUpstream;
let accepting: Awaited<ReturnType<typeof upgradeUpstream>>;
let ignoring: Awaited<ReturnType<typeof upgradeUpstream>>;
let noHealth: Server;
let noHealthUrl: string;
let proxy: StartedProxy;
let dir: TempDir;
const logLines: Array<Record<string, unknown>> = [];

beforeAll(async () => {
  echo = await startRawEchoUpstream();
  [accepting, ignoring] = await Promise.all([upgradeUpstream(true), upgradeUpstream(false)]);
  // An app with no health endpoint: 404 for /healthz, 200 for the rest.
  noHealth = createServer((req: IncomingMessage, res) => {
    res.writeHead(req.url === "/healthz" ? 404 : 200, { "content-type": "text/plain" });
    res.end(req.headers.host ?? "");
  });
  await new Promise<void>((resolve) => noHealth.listen(0, "127.0.0.1", resolve));
  noHealthUrl = `http://127.0.0.1:${(noHealth.address() as AddressInfo).port}`;
  dir = tempDir("transparency-");
  const logger = winston.createLogger({
    level: "warn",
    format: winston.format.json(),
    transports: [new winston.transports.Stream({ stream: new Writable({ write: (chunk, _encoding, done) => (logLines.push(JSON.parse(String(chunk))), done()) }) })],
  });
  proxy = await startProxy({
    dataDir: dir.path,
    logger,
    config: {
      upstreams: [
        { name: "legacy", url: echo.url, default: true },
        { name: "h2c-yes", url: `http://127.0.0.1:${accepting.port}` },
        { name: "h2c-no", url: `http://127.0.0.1:${ignoring.port}` },
        { name: "vhost", url: `${echo.url}/app`, hostHeader: "upstream" },
        { name: "fixed", url: echo.url, hostHeader: "legacy.internal:8080" },
        { name: "bare", url: noHealthUrl },
      ],
      routes: [
        { id: "h2c-yes", paths: ["/h2c-yes"], upstream: "h2c-yes", stage: "service" },
        { id: "h2c-no", paths: ["/h2c-no"], upstream: "h2c-no", stage: "service" },
        { id: "vhost", paths: ["/vhost/*"], upstream: "vhost", stage: "service" },
        { id: "fixed", paths: ["/fixed"], upstream: "fixed", stage: "service" },
        { id: "fenced-live", group: "live", paths: ["/live"], upstream: "h2c-yes", stage: "service" },
        { id: "bare", paths: ["/bare"], upstream: "bare", stage: "service" },
      ],
    },
  });
});

afterAll(async () => {
  await proxy?.close();
  await Promise.all([echo?.close(), accepting?.close(), ignoring?.close(), new Promise((resolve) => noHealth?.close(resolve))]);
  dir?.remove();
});

describe("connections", () => {
  it("answers a client that half-closes after its request", async () => {
    const answer = await exchange(portOf(proxy.url), { head: serialiseHead("GET /half HTTP/1.1", [HOST]), halfClose: true }, { method: "GET" });
    expect(answer.status).toBe(200);
    expect(answer.body.toString()).toBe("ok");
    expect(echo.received.at(-1)?.requestLine).toBe("GET /half HTTP/1.1");
  });

  it("answers a half-closed client whose request has a body", async () => {
    const body = Buffer.from("the whole body");
    const answer = await exchange(portOf(proxy.url), { head: serialiseHead("POST /half HTTP/1.1", [HOST, ["Content-Length", String(body.length)]]), body, halfClose: true }, { method: "POST" });
    expect(answer.status).toBe(200);
    expect(echo.received.at(-1)?.body.toString()).toBe("the whole body");
  });

  it("honours the client's Connection: close", async () => {
    const answer = await exchange(portOf(proxy.url), { head: serialiseHead("GET /bye HTTP/1.1", [HOST, ["Connection", "close"]]) }, { method: "GET", closeWaitMs: 2000 });
    expect(answer.fields).toContainEqual(["Connection", "close"]);
    expect(answer.closed).toBe(true);
  });

  it("keeps the client's connection alive otherwise, even when the upstream closes its own", async () => {
    const answer = await exchange(portOf(proxy.url), { head: serialiseHead("GET /stay HTTP/1.1", [HOST]) }, { method: "GET", closeWaitMs: 300 });
    expect(answer.fields).toContainEqual(["Connection", "keep-alive"]);
    expect(answer.closed).toBe(false);
  });

  it("does not answer 100 Continue itself: the upstream's final answer reaches a client that waits for it", async () => {
    const refusing = createServer((_req, res) => {
      res.writeHead(417, { "content-type": "text/plain" });
      res.end("no");
    });
    refusing.on("checkContinue", (_req, res) => {
      res.writeHead(401, { "www-authenticate": "Basic" });
      res.end();
    });
    await new Promise<void>((resolve) => refusing.listen(0, "127.0.0.1", resolve));
    const refusingDir = tempDir("refusing-");
    const second = await startProxy({ dataDir: refusingDir.path, config: { upstreams: [{ name: "app", url: `http://127.0.0.1:${(refusing.address() as AddressInfo).port}` }] } });
    try {
      const head = serialiseHead("PUT /upload HTTP/1.1", [HOST, ["Expect", "100-continue"], ["Content-Length", "4"]]);
      const answer = await exchange(portOf(second.url), { head, body: Buffer.from("body"), waitForContinue: true }, { method: "PUT" });
      expect(answer.informational).toEqual([]);
      expect(answer.status).toBe(401);
    } finally {
      await second.close();
      refusingDir.remove();
      await new Promise((resolve) => refusing.close(resolve));
    }
  });
});

describe("upgrades that are not websockets", () => {
  const h2c = (path: string) =>
    `GET ${path} HTTP/1.1\r\nHost: shop.example\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n`;

  it("forwards an h2c upgrade with Connection, Upgrade and HTTP2-Settings, and joins both sides on 101", async () => {
    const text = await rawConversation(portOf(proxy.url), h2c("/h2c-yes"), 3000, (socket, received) => {
      if (received().includes("\r\n\r\n") && !received().includes("PRI")) socket.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
      if (received().includes("SM\r\n\r\n")) socket.end();
    });
    expect(text).toMatch(/^HTTP\/1\.1 101 Switching Protocols\r\n/);
    expect(bodyOf(text)).toBe("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
    expect(accepting.heads.at(-1)).toMatch(/\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n/);
  });

  it("relays the answer of an upstream that ignores the upgrade, then closes", async () => {
    const text = await rawConversation(portOf(proxy.url), h2c("/h2c-no"));
    expect(text).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(text).toMatch(/\r\nconnection: close\r\n/i);
    expect(bodyOf(text)).toBe("5\r\nplain\r\n0\r\n\r\n");
  });

  it("checks the fence on an upgrade: a fenced route's upgrade gets 503 with the JSON envelope", async () => {
    expect((await adminCall(proxy, "PUT", "/groups/live/fence", { reason: "upgrade test" })).status).toBe(200);
    try {
      await waitUntil(async () => (await rawConversation(portOf(proxy.url), h2c("/live"), 3000)).startsWith("HTTP/1.1 503"), 10_000, 20);
      const text = await rawConversation(portOf(proxy.url), h2c("/live"));
      expect(text).toMatch(/\r\nretry-after: 1\r\n/);
      expect(JSON.parse(bodyOf(text)).error.code).toBe("PROXY_ERR_FENCED");
    } finally {
      await adminCall(proxy, "DELETE", "/groups/live/fence");
    }
    await waitUntil(async () => (await rawConversation(portOf(proxy.url), h2c("/live"), 300)).startsWith("HTTP/1.1 101"), 10_000, 20);
  });
});

describe("refusals: the JSON envelope, logged at warn with their code", () => {
  const cases: Array<[string, Buffer | string, number, string]> = [
    ["a malformed request line", "GET /a b c HTTP/1.1\r\nHost: x\r\n\r\n", 400, "PROXY_ERR_BAD_REQUEST"],
    ["a raw non-ASCII byte in the target", Buffer.from("GET /caf\xe9 HTTP/1.1\r\nHost: x\r\n\r\n", "latin1"), 400, "PROXY_ERR_BAD_REQUEST"],
    ["headers over node's limit", `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(20_000)}\r\n\r\n`, 431, "PROXY_ERR_HEADERS_TOO_LARGE"],
    ["a method node's parser does not know", "FROB / HTTP/1.1\r\nHost: x\r\n\r\n", 501, "PROXY_ERR_UNSUPPORTED"],
    ["an HTTP/1.1 request without Host", "GET / HTTP/1.1\r\n\r\n", 400, "PROXY_ERR_BAD_REQUEST"],
    ["two Host headers", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400, "PROXY_ERR_BAD_REQUEST"],
    ["CONNECT", "CONNECT shop.example:443 HTTP/1.1\r\nHost: shop.example:443\r\n\r\n", 501, "PROXY_ERR_UNSUPPORTED"],
    ["* with GET", "GET * HTTP/1.1\r\nHost: x\r\n\r\n", 400, "PROXY_ERR_AMBIGUOUS_PATH"],
    ["dot segments above the root", "GET /../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n", 400, "PROXY_ERR_AMBIGUOUS_PATH"],
    ["a target over maxPathBytes", `GET /${"p".repeat(9000)} HTTP/1.1\r\nHost: x\r\n\r\n`, 414, "PROXY_ERR_PATH_TOO_LONG"],
  ];

  it.each(cases)("%s", async (_name, bytes, status, code) => {
    const before = logLines.length;
    const text = await rawConversation(portOf(proxy.url), bytes);
    expect(text.startsWith(`HTTP/1.1 ${status} `)).toBe(true);
    expect(text).toMatch(/\r\ncontent-type: application\/json; charset=utf-8\r\n/i);
    expect(json(Buffer.from(bodyOf(text), "latin1")).error.code).toBe(code);
    await waitUntil(() => logLines.slice(before).some((line) => line.level === "warn" && line.code === code && line.status === status), 5000, 10);
  });
});

describe("Host and the upstream's URL", () => {
  it("sends an upstream with hostHeader upstream its own host, under its URL's path", async () => {
    await exchange(portOf(proxy.url), { head: serialiseHead("GET /vhost/a%2Fb?q=1 HTTP/1.1", [HOST]) }, { method: "GET" });
    const seen = echo.received.at(-1)!;
    expect(seen.requestLine).toBe("GET /app/vhost/a%2Fb?q=1 HTTP/1.1");
    expect(seen.fields[0]).toEqual(["Host", new URL(echo.url).host]);
    expect(seen.fields).toContainEqual(["x-forwarded-host", "shop.example"]);
  });

  it("sends an absolute-form target in origin-form to an upstream whose Host is not the client's", async () => {
    await exchange(portOf(proxy.url), { head: serialiseHead("GET http://shop.example/vhost/x HTTP/1.1", [HOST]) }, { method: "GET" });
    expect(echo.received.at(-1)!.requestLine).toBe("GET /app/vhost/x HTTP/1.1");
  });

  it("sends a fixed Host when the upstream names one", async () => {
    await exchange(portOf(proxy.url), { head: serialiseHead("GET /fixed HTTP/1.1", [HOST]) }, { method: "GET" });
    expect(echo.received.at(-1)!.fields[0]).toEqual(["Host", "legacy.internal:8080"]);
  });

  it("keeps the client's Host by default, and takes an absolute-form target's authority instead (RFC 9112 §3.2.2)", async () => {
    await exchange(portOf(proxy.url), { head: serialiseHead("GET http://other.example:81/p HTTP/1.1", [HOST]) }, { method: "GET" });
    const seen = echo.received.at(-1)!;
    expect(seen.requestLine).toBe("GET http://other.example:81/p HTTP/1.1");
    expect(seen.fields[0]).toEqual(["Host", "other.example:81"]);
  });
});

describe("an app without a health endpoint", () => {
  it("is reported up and routed to: no health path configured, and /healthz answers 404", async () => {
    const ready = await adminCall(proxy, "GET", "/readyz");
    expect(ready.json<{ upstreams: Record<string, string> }>().upstreams.bare).toBe("up");
    const answer = await exchange(portOf(proxy.url), { head: serialiseHead("GET /bare HTTP/1.1", [HOST]) }, { method: "GET" });
    expect(answer.status).toBe(200);
    expect(answer.body.toString()).toBe("shop.example");
  });
});
