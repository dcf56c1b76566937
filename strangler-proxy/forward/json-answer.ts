import { STATUS_CODES, type ServerResponse } from "node:http";
import type { Duplex } from "node:stream";

/** The error envelope every proxy answer uses: `{"error":{"code","message"}}`. */
export function errorBody(code: string, message: string): string {
  return JSON.stringify({ error: { code, message } });
}

/**
 * Answers `res` with the JSON error envelope and `x-request-id`; after the response started the
 * connection is closed instead. Never throws (the client may be gone).
 */
export function answerJson(res: ServerResponse, status: number, code: string, message: string, requestId: string, extra: Record<string, string> = {}): void {
  try {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const body = errorBody(code, message);
    // A taken-over answer may have left headers on the response: they must not leak into this one.
    for (const name of res.getHeaderNames()) res.removeHeader(name);
    res.sendDate = true;
    res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(body), "x-request-id": requestId, ...extra });
    res.end(body);
  } catch {
    // The client is gone; there is nobody left to answer.
  }
}

/**
 * Answers on a bare socket (a websocket upgrade, or a request node's parser refused) with a whole
 * HTTP/1.1 response carrying the same JSON envelope, then closes the connection. Never throws.
 */
export function answerSocket(socket: Duplex, status: number, code: string, message: string, requestId?: string, extra: Record<string, string> = {}): void {
  try {
    if (!socket.writable) {
      socket.destroy();
      return;
    }
    const body = errorBody(code, message);
    let head = `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? "Error"}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n`;
    if (requestId) head += `x-request-id: ${requestId}\r\n`;
    for (const [name, value] of Object.entries(extra)) head += `${name}: ${value}\r\n`;
    socket.end(`${head}\r\n${body}`);
  } catch {
    socket.destroy();
  }
}
