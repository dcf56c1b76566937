/**
 * HTTP/1.1 on the wire, read byte for byte: heads, bodies (Content-Length, chunked with trailers,
 * close-delimited) and 1xx answers. Nothing is normalised: header names keep their letter case,
 * values their bytes (latin1 strings), fields their order and repeats. Used by the raw-socket echo
 * upstream and the raw client of the conformance suite.
 */

/** A header field as it was on the wire (`name: value`, optional whitespace around the value removed). */
export type Field = [name: string, value: string];

/** A message head: the start line and the fields. */
export interface Head {
  startLine: string;
  fields: Field[];
  /** Bytes of the head including the empty line that ends it. */
  length: number;
}

/** A body read off the wire: its bytes once the framing is removed, and its trailer fields. */
export interface Body {
  bytes: Buffer;
  trailers: Field[];
  /** Bytes of the framed body on the wire. */
  length: number;
}

const CRLF = Buffer.from("\r\n");
const HEAD_END = Buffer.from("\r\n\r\n");

/** Parses a head at the start of `buffer`; null while the empty line has not arrived. */
export function parseHead(buffer: Buffer): Head | null {
  const end = buffer.indexOf(HEAD_END);
  if (end === -1) return null;
  const lines = buffer.subarray(0, end).toString("latin1").split("\r\n");
  return { startLine: lines[0], fields: lines.slice(1).map(parseField), length: end + 4 };
}

function parseField(line: string): Field {
  const colon = line.indexOf(":");
  return [line.slice(0, colon), line.slice(colon + 1).replace(/^[ \t]+|[ \t]+$/g, "")];
}

/** The value of the first field called `name` (any letter case), or undefined. */
export function field(fields: readonly Field[], name: string): string | undefined {
  const lower = name.toLowerCase();
  return fields.find(([n]) => n.toLowerCase() === lower)?.[1];
}

/** How a message's body is framed (RFC 9112 §6.3). */
export type Framing = { kind: "none" } | { kind: "length"; length: number } | { kind: "chunked" } | { kind: "close" };

/** The framing of a request's body: chunked, a length, or none. */
export function requestFraming(fields: readonly Field[]): Framing {
  const te = field(fields, "transfer-encoding");
  if (te !== undefined && /chunked\s*$/i.test(te)) return { kind: "chunked" };
  const length = field(fields, "content-length");
  return length === undefined ? { kind: "none" } : { kind: "length", length: Number(length) };
}

/** The framing of a response's body: none for HEAD, 1xx, 204 and 304; else chunked, a length, or up to the close. */
export function responseFraming(fields: readonly Field[], status: number, requestMethod: string): Framing {
  if (requestMethod === "HEAD" || (status >= 100 && status < 200) || status === 204 || status === 304) return { kind: "none" };
  const te = field(fields, "transfer-encoding");
  if (te !== undefined) return /chunked\s*$/i.test(te) ? { kind: "chunked" } : { kind: "close" };
  const length = field(fields, "content-length");
  return length === undefined ? { kind: "close" } : { kind: "length", length: Number(length) };
}

/** Reads a body framed as `framing` at the start of `buffer`; null while incomplete (`ended`: the peer closed). */
export function parseBody(buffer: Buffer, framing: Framing, ended = false): Body | null {
  switch (framing.kind) {
    case "none":
      return { bytes: Buffer.alloc(0), trailers: [], length: 0 };
    case "length":
      return buffer.length < framing.length ? null : { bytes: Buffer.from(buffer.subarray(0, framing.length)), trailers: [], length: framing.length };
    case "close":
      return ended ? { bytes: Buffer.from(buffer), trailers: [], length: buffer.length } : null;
    case "chunked":
      return parseChunked(buffer);
  }
}

/** Decodes a chunked body (extensions ignored) with its trailer fields; null while incomplete. */
export function parseChunked(buffer: Buffer): Body | null {
  const chunks: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = buffer.indexOf(CRLF, at);
    if (lineEnd === -1) return null;
    const size = parseInt(buffer.subarray(at, lineEnd).toString("latin1").split(";")[0].trim(), 16);
    at = lineEnd + 2;
    if (size === 0) break;
    if (buffer.length < at + size + 2) return null;
    chunks.push(buffer.subarray(at, at + size));
    at += size + 2;
  }
  const trailers: Field[] = [];
  for (;;) {
    const lineEnd = buffer.indexOf(CRLF, at);
    if (lineEnd === -1) return null;
    const line = buffer.subarray(at, lineEnd).toString("latin1");
    at = lineEnd + 2;
    if (line === "") break;
    trailers.push(parseField(line));
  }
  return { bytes: Buffer.concat(chunks), trailers, length: at };
}

/** Frames `bytes` as chunks of at most `size` bytes, with `trailers`. */
export function chunked(bytes: Buffer, size: number, trailers: readonly Field[] = []): Buffer {
  const parts: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) {
    const chunk = bytes.subarray(at, at + size);
    parts.push(Buffer.from(`${chunk.length.toString(16)}\r\n`, "latin1"), chunk, CRLF);
  }
  parts.push(Buffer.from(`0\r\n${trailers.map(([n, v]) => `${n}: ${v}\r\n`).join("")}\r\n`, "latin1"));
  return Buffer.concat(parts);
}

/** A head as bytes: the start line, the fields as given, the empty line (latin1: every byte as it is). */
export function serialiseHead(startLine: string, fields: readonly Field[]): Buffer {
  return Buffer.from(`${startLine}\r\n${fields.map(([n, v]) => `${n}: ${v}\r\n`).join("")}\r\n`, "latin1");
}
