import { connect } from "node:net";
import { parseBody, parseHead, responseFraming, type Field } from "./http-wire";

/** One answer as the client read it off its socket. */
export interface ReceivedAnswer {
  /** 1xx answers before the final one: status line and fields. */
  informational: Array<{ statusLine: string; fields: Field[] }>;
  statusLine: string;
  status: number;
  fields: Field[];
  body: Buffer;
  trailers: Field[];
  /** The server closed the connection after the answer (within `closeWaitMs`). */
  closed: boolean;
}

/** A request as bytes: its head, and its body as it goes on the wire (already framed). */
export interface RawRequestBytes {
  head: Buffer;
  body?: Buffer;
  /** Send the body only after a `100 Continue` arrived (a client that sent `Expect: 100-continue`). */
  waitForContinue?: boolean;
  /** Shut the sending side down once the request is written (a half-closing client). */
  halfClose?: boolean;
}

export interface ExchangeOptions {
  /** The request's method (a HEAD answer has no body). */
  method: string;
  timeoutMs?: number;
  /** After the answer, how long to wait for the server to close the connection (to report `closed`). */
  closeWaitMs?: number;
}

/**
 * Sends raw bytes on a fresh connection (nothing normalises the request on the client side) and reads
 * one answer, with every 1xx before it, byte for byte.
 */
export function exchange(port: number, request: RawRequestBytes, options: ExchangeOptions): Promise<ReceivedAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    let buffer = Buffer.alloc(0);
    let ended = false;
    let restSent = false;
    const informational: ReceivedAnswer["informational"] = [];
    let final: Omit<ReceivedAnswer, "closed"> | undefined;
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no complete answer within ${options.timeoutMs ?? 30_000} ms; got ${JSON.stringify(buffer.toString("latin1").slice(0, 300))}`));
    }, options.timeoutMs ?? 30_000);
    const sendRest = () => {
      if (restSent) return;
      restSent = true;
      if (request.body && request.body.length > 0) socket.write(request.body);
      if (request.halfClose) socket.end();
    };
    const finish = (closed: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ ...final!, closed });
    };
    const read = () => {
      for (;;) {
        if (final) return;
        const head = parseHead(buffer);
        if (!head) return;
        const status = Number(head.startLine.split(" ")[1]);
        if (status >= 100 && status < 200 && status !== 101) {
          informational.push({ statusLine: head.startLine, fields: head.fields });
          buffer = buffer.subarray(head.length);
          if (status === 100) sendRest();
          continue;
        }
        const body = parseBody(buffer.subarray(head.length), responseFraming(head.fields, status, options.method), ended);
        if (!body) return;
        final = { informational, statusLine: head.startLine, status, fields: head.fields, body: body.bytes, trailers: body.trailers };
        if (ended) return finish(true);
        // Give the server a moment to close (Connection: close), then report.
        setTimeout(() => finish(ended), options.closeWaitMs ?? 0);
        return;
      }
    };
    socket.on("data", (data: Buffer) => {
      buffer = Buffer.concat([buffer, data]);
      read();
    });
    socket.on("end", () => {
      ended = true;
      if (final) return finish(true);
      read();
      if (!final) {
        clearTimeout(timer);
        reject(new Error(`connection closed before a complete answer; got ${JSON.stringify(buffer.toString("latin1").slice(0, 300))}`));
      }
    });
    socket.on("error", (err) => {
      clearTimeout(timer);
      if (!final) reject(err);
    });
    socket.once("connect", () => {
      socket.write(request.head);
      if (!request.waitForContinue) sendRest();
    });
  });
}
