import { createServer, type AddressInfo, type Socket } from "node:net";
import { field, parseBody, parseHead, requestFraming, type Field } from "./http-wire";

/** A request exactly as the upstream read it off its socket. */
export interface ReceivedRequest {
  requestLine: string;
  fields: Field[];
  /** The body without its framing (chunks joined). */
  body: Buffer;
  trailers: Field[];
  /** The head's bytes as received (request line, fields, empty line). */
  rawHead: Buffer;
}

/** What the upstream writes back for one request. */
export interface UpstreamAnswer {
  /** The whole answer, bytes as they go on the wire (1xx answers, status line, fields, framed body). */
  bytes: Buffer;
  /** Close the connection after writing (a close-delimited body, or `Connection: close`). */
  close?: boolean;
}

/** A running raw-socket upstream. */
export interface RawEchoUpstream {
  url: string;
  port: number;
  /** Every request read so far, oldest first. */
  received: ReceivedRequest[];
  close(): Promise<void>;
}

/** The request field naming the answer an upstream sends (`respond`'s key); absent: a plain `200 ok`. */
export const ANSWER_FIELD = "X-Conformance-Answer";

const DEFAULT_ANSWER: UpstreamAnswer = { bytes: Buffer.from("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", "latin1") };

/**
 * An upstream on a bare TCP socket that records the exact bytes of every request it receives (no
 * HTTP library between the wire and the record) and answers each with the bytes `answers` holds for
 * the request's `X-Conformance-Answer` field (else `200 ok`; a HEAD gets the head only). It sends
 * `100 Continue` to a request that expects it before reading its body, handles several requests per
 * connection, and closes after a request with `Connection: close`.
 */
export async function startRawEchoUpstream(answers: Readonly<Record<string, UpstreamAnswer>> = {}): Promise<RawEchoUpstream> {
  const received: ReceivedRequest[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => undefined);
    let buffer = Buffer.alloc(0);
    let continued = false;
    socket.on("data", (data: Buffer) => {
      buffer = Buffer.concat([buffer, data]);
      for (;;) {
        const head = parseHead(buffer);
        if (!head) return;
        const framing = requestFraming(head.fields);
        const body = parseBody(buffer.subarray(head.length), framing);
        if (!body) {
          if (!continued && /100-continue/i.test(field(head.fields, "expect") ?? "")) {
            continued = true;
            socket.write("HTTP/1.1 100 Continue\r\n\r\n");
          }
          return;
        }
        continued = false;
        received.push({ requestLine: head.startLine, fields: head.fields, body: body.bytes, trailers: body.trailers, rawHead: Buffer.from(buffer.subarray(0, head.length)) });
        buffer = buffer.subarray(head.length + body.length);
        const answer = answers[field(head.fields, ANSWER_FIELD) ?? ""] ?? DEFAULT_ANSWER;
        const bytes = head.startLine.startsWith("HEAD ") ? headOnly(answer.bytes) : answer.bytes;
        socket.write(bytes);
        if (answer.close || /(^|,)\s*close\s*(,|$)/i.test(field(head.fields, "connection") ?? "")) {
          socket.end();
          return;
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** An answer without its final body (for HEAD): everything up to the last head's empty line. */
function headOnly(bytes: Buffer): Buffer {
  let at = 0;
  for (;;) {
    const end = bytes.indexOf("\r\n\r\n", at);
    if (end === -1) return bytes;
    const status = Number(bytes.subarray(at, at + 12).toString("latin1").split(" ")[1]);
    at = end + 4;
    if (status >= 200 || status < 100) return bytes.subarray(0, at);
  }
}
