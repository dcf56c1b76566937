import { chunked, serialiseHead, type Field } from "./http-wire";
import { ANSWER_FIELD, type UpstreamAnswer } from "./raw-echo-upstream";
import type { RawRequestBytes } from "./raw-client";

/** One request of the corpus: sent byte for byte, once straight to the upstream and once through the proxy. */
export interface RequestCase {
  name: string;
  method: string;
  target: string;
  fields: Field[];
  /** The body as it goes on the wire (already framed: a length, or chunks with trailers). */
  body?: Buffer;
  /** Wait for `100 Continue` before sending the body. */
  waitForContinue?: boolean;
}

const HOST: Field = ["Host", "shop.example"];
const bytes = (text: string) => Buffer.from(text, "latin1");
const allBytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));

function get(name: string, target: string, fields: Field[] = [HOST]): RequestCase {
  return { name, method: "GET", target, fields };
}

function withBody(name: string, method: string, target: string, body: Buffer, fields: Field[] = []): RequestCase {
  return { name, method, target, fields: [HOST, ...fields, ["Content-Length", String(body.length)]], body };
}

function withChunks(name: string, method: string, target: string, body: Buffer, size: number, trailers: Field[] = [], fields: Field[] = []): RequestCase {
  return { name, method, target, fields: [HOST, ...fields, ["Transfer-Encoding", "chunked"]], body: chunked(body, size, trailers) };
}

/** The request corpus: targets (encodings, `;` parameters, `%2F`, non-UTF-8 bytes, absolute-form, `*`), methods, Host variants, header sets and bodies. */
export const REQUEST_CASES: readonly RequestCase[] = [
  // Request targets.
  get("the root", "/"),
  get("a plain path", "/products/42"),
  get("a query with encoded characters", "/search?q=a%20b&x=%2F&y=caf%C3%A9&z=%zz"),
  get("a ;jsessionid in an encoded ;", "/a%3Bjsessionid=x/b"),
  get("encoded unreserved characters", "/x%7E%41"),
  get("a scoped npm package (%2f)", "/@scope%2fname"),
  get("a scoped npm tarball (%2F)", "/@scope%2Fname/-/name-1.0.0.tgz"),
  get("an encoded slash inside a segment", "/products%2F42"),
  get("an encoded backslash", "/files/a%5Cb"),
  get("a Latin-1 percent-encoded byte", "/caf%E9"),
  get("UTF-8 percent-encoded", "/%C3%A9t%C3%A9/%E2%82%AC"),
  get("lower-case percent-encoding", "/%c3%a9"),
  get("double percent-encoding", "/products/%252e%252e/admin"),
  get("dot segments", "/a/./b/../c"),
  get("encoded dot segments", "/a/%2e%2E/b"),
  get("repeated slashes", "//double//slashes//"),
  get("path parameters", "/a;p=1;q=2/b;x"),
  get("a trailing slash", "/a/b/"),
  get("letter case in the path", "/UPPER/Case/Path"),
  get("plus signs", "/a+b%2Bc?q=a+b"),
  get("sub-delimiters", "/a'b(c)*!$&=,:@"),
  get("characters outside RFC 3986 that node accepts", '/a{b}|c^`d"e<f>'),
  get("a raw backslash", "/products\\42"),
  get("an empty query", "/?"),
  get("repeated query parameters", "/?a&a&a=1&a=2&b=%26"),
  get("a long path", `/${"segment/".repeat(300)}end`),
  get("an absolute-form target", "http://shop.example/products/42?x=1"),
  get("an absolute-form target whose Host differs", "http://shop.example/p", [["Host", "other.example"]]),
  get("an absolute-form target with a port and letter case", "HTTP://Shop.Example:8080/X?Y=Z", [["Host", "Shop.Example:8080"]]),
  { name: "OPTIONS *", method: "OPTIONS", target: "*", fields: [HOST, ["Max-Forwards", "0"]] },
  { name: "OPTIONS of a path", method: "OPTIONS", target: "/products", fields: [HOST, ["Access-Control-Request-Method", "PUT"], ["Origin", "https://app.example"]] },
  // Methods, extension methods included.
  withBody("PROPFIND with a body", "PROPFIND", "/dav/folder/", bytes('<?xml version="1.0"?><propfind xmlns="DAV:"><allprop/></propfind>'), [["Depth", "1"], ["Content-Type", "application/xml"]]),
  { name: "MKCOL", method: "MKCOL", target: "/dav/new-folder/", fields: [HOST] },
  withBody("REPORT with a body", "REPORT", "/dav/cal/", bytes("<C:calendar-query xmlns:C=\"urn:ietf:params:xml:ns:caldav\"/>"), [["Depth", "0"]]),
  { name: "PURGE", method: "PURGE", target: "/cached/page", fields: [HOST, ["X-Purge-Key", "abc"]] },
  withBody("LOCK", "LOCK", "/dav/file", bytes("<lockinfo/>"), [["Timeout", "Second-3600"]]),
  { name: "UNLOCK", method: "UNLOCK", target: "/dav/file", fields: [HOST, ["Lock-Token", "<opaquelocktoken:1234>"]] },
  { name: "COPY", method: "COPY", target: "/dav/a", fields: [HOST, ["Destination", "http://shop.example/dav/b"], ["Overwrite", "F"]] },
  { name: "MOVE", method: "MOVE", target: "/dav/b", fields: [HOST, ["Destination", "/dav/c%20d"]] },
  withBody("PROPPATCH", "PROPPATCH", "/dav/file", bytes("<propertyupdate/>")),
  withBody("SEARCH", "SEARCH", "/dav/", bytes("<searchrequest/>")),
  withBody("PATCH with JSON", "PATCH", "/products/1", bytes('{"priceCents":1299}'), [["Content-Type", "application/json"]]),
  withBody("DELETE with a body", "DELETE", "/products/1", bytes('{"reason":"x"}')),
  withBody("PUT with every byte value", "PUT", "/blob", allBytes, [["Content-Type", "application/octet-stream"]]),
  { name: "HEAD", method: "HEAD", target: "/products/1", fields: [HOST] },
  { name: "TRACE", method: "TRACE", target: "/trace", fields: [HOST] },
  { name: "POST without a body or a length", method: "POST", target: "/ping", fields: [HOST] },
  { name: "POST with Content-Length: 0", method: "POST", target: "/ping", fields: [HOST, ["Content-Length", "0"]] },
  // Host variants.
  get("Host with a port", "/", [["Host", "shop.example:8080"]]),
  get("Host as an IPv6 literal", "/", [["Host", "[::1]:8080"]]),
  get("Host in capitals", "/", [["Host", "SHOP.Example"]]),
  get("Host as an IPv4 address", "/", [["Host", "127.0.0.1"]]),
  get("Host with a trailing dot", "/", [["Host", "shop.example."]]),
  get("Host not first", "/", [["Accept", "*/*"], ["Host", "shop.example"]]),
  // Header sets.
  get("Proxy-Authorization", "/", [HOST, ["Proxy-Authorization", "Basic dXNlcjpwYXNz"]]),
  get("Authorization and cookies on several lines", "/", [HOST, ["Authorization", "Bearer abc.def.ghi"], ["Cookie", "a=1"], ["Cookie", "b=2; c=3"]]),
  get("letter case and interleaved repeats", "/", [HOST, ["X-A", "1"], ["x-b", "2"], ["x-a", "3"], ["X-B", "4"]]),
  get("a Latin-1 header value", "/", [HOST, ["X-Latin", "caf\u00e9 na\u00efve"]]),
  get("an empty header value", "/", [HOST, ["X-Empty", ""]]),
  get("a hundred header fields", "/", [HOST, ...Array.from({ length: 100 }, (_, i): Field => [`X-Field-${i}`, `value-${i}`])]),
  get("an 8 KB header value", "/", [HOST, ["X-Big", "v".repeat(8192)]]),
  get("Via from the client", "/", [HOST, ["Via", "1.0 corporate-proxy"]]),
  get("X-Forwarded-* and Forwarded from an untrusted client", "/", [HOST, ["X-Forwarded-For", "203.0.113.7"], ["X-Forwarded-Host", "evil.example"], ["Forwarded", "for=203.0.113.7"]]),
  get("Connection naming a header", "/", [HOST, ["Connection", "keep-alive, X-Hop"], ["X-Hop", "1"], ["Keep-Alive", "timeout=30"], ["X-Kept", "2"]]),
  get("Connection: close", "/", [HOST, ["Connection", "close"]]),
  get("TE: trailers", "/", [HOST, ["TE", "trailers"], ["Connection", "TE"]]),
  get("an x-strangler-* field from the client", "/", [HOST, ["X-Strangler-Shadow", "1"], ["X-Stranglerish", "kept"]]),
  get("a well-formed x-request-id", "/", [HOST, ["X-Request-Id", "client-req-0001"]]),
  get("a malformed x-request-id", "/", [HOST, ["X-Request-Id", "not valid!"]]),
  get("conditional and range fields", "/file", [HOST, ["If-None-Match", '"abc", W/"def"'], ["If-Modified-Since", "Sat, 29 Oct 1994 19:43:31 GMT"], ["Range", "bytes=0-99"], ["Accept-Encoding", "gzip, br"]]),
  get("Upgrade-Insecure-Requests and other browser fields", "/", [HOST, ["User-Agent", "Mozilla/5.0 (X11)"], ["Accept", "text/html,*/*;q=0.8"], ["Accept-Language", "fr-CH, fr;q=0.9"], ["Upgrade-Insecure-Requests", "1"], ["Sec-Fetch-Mode", "navigate"]]),
  // Bodies.
  withBody("a multipart form", "POST", "/upload", bytes("--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.txt\"\r\n\r\nhello\r\n--b--\r\n"), [["Content-Type", "multipart/form-data; boundary=b"]]),
  { ...withBody("Expect: 100-continue", "PUT", "/upload/1", bytes("the body after 100"), [["Expect", "100-continue"]]), waitForContinue: true },
  withChunks("a chunked body", "POST", "/chunked", bytes("chunk one, chunk two, chunk three"), 7),
  withChunks("a chunked body with trailers", "POST", "/chunked", bytes("payload with trailers"), 5, [["X-Checksum", "abc123"], ["X-Count", "2"]], [["Trailer", "X-Checksum, X-Count"]]),
  { name: "chunk extensions", method: "POST", target: "/chunked", fields: [HOST, ["Transfer-Encoding", "chunked"]], body: bytes("5;ext=1\r\nhello\r\n0\r\n\r\n") },
  { name: "Transfer-Encoding in other letter case", method: "POST", target: "/chunked", fields: [HOST, ["transfer-encoding", "Chunked"]], body: chunked(bytes("abc"), 2) },
  withBody("a 1 MB body", "POST", "/big", Buffer.alloc(1024 * 1024, 0x61)),
  withBody("a url-encoded form", "POST", "/login", bytes("email=a%40b.example&password=p%C3%A9"), [["Content-Type", "application/x-www-form-urlencoded"]]),
];

/** The bytes of a request case as a client sends them. */
export function requestBytes(testCase: RequestCase, extra: Field[] = []): RawRequestBytes {
  return {
    head: serialiseHead(`${testCase.method} ${testCase.target} HTTP/1.1`, [...testCase.fields, ...extra]),
    body: testCase.body,
    waitForContinue: testCase.waitForContinue,
  };
}

/** One answer of the corpus: the bytes the upstream sends, read by a client straight from it and through the proxy. */
export interface ResponseCase {
  name: string;
  /** The request's method (HEAD answers have no body). */
  method?: string;
  answer: UpstreamAnswer;
}

const answer = (text: string, body: Buffer = Buffer.alloc(0), close = false): UpstreamAnswer => ({ bytes: Buffer.concat([bytes(text), body]), close });

/** The response corpus: status lines, Location, Set-Cookie ×N, framing, 1xx, odd fields and bodies. */
export const RESPONSE_CASES: readonly ResponseCase[] = [
  { name: "a plain 200", answer: answer("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello") },
  { name: "three Set-Cookie fields", answer: answer("HTTP/1.1 200 OK\r\nSet-Cookie: a=1; Path=/; HttpOnly\r\nset-cookie: b=2; Expires=Wed, 21 Oct 2037 07:28:00 GMT\r\nSET-COOKIE: c=3; SameSite=Strict; Secure\r\nContent-Length: 0\r\n\r\n") },
  { name: "an absolute Location to another host", answer: answer("HTTP/1.1 302 Found\r\nLocation: https://login.example/auth?next=%2Fshop%2Fcart&x=caf%E9\r\nContent-Length: 0\r\n\r\n") },
  { name: "a relative Location with odd bytes", answer: answer("HTTP/1.1 301 Moved Permanently\r\nLocation: /a%2Fb/../c;v=1?q=\u00e9\r\nContent-Length: 0\r\n\r\n") },
  { name: "a Location naming the app's own host", answer: answer("HTTP/1.1 303 See Other\r\nLocation: http://shop.example/orders/7\r\nContent-Length: 0\r\n\r\n") },
  { name: "a chunked body with trailers", answer: answer("HTTP/1.1 200 OK\r\nTrailer: X-Checksum\r\nTransfer-Encoding: chunked\r\n\r\n", chunked(bytes("chunked payload"), 4, [["X-Checksum", "9f86d08"]])) },
  { name: "a chunked body", answer: answer("HTTP/1.1 200 OK\r\nContent-Type: text/csv\r\nTransfer-Encoding: chunked\r\n\r\n", chunked(bytes("id,name\n1,a\n2,b\n"), 6)) },
  { name: "a body delimited by closing the connection", answer: answer("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n", bytes("until the end"), true) },
  { name: "204 No Content", answer: answer("HTTP/1.1 204 No Content\r\nX-Note: nothing\r\n\r\n") },
  { name: "304 Not Modified", answer: answer('HTTP/1.1 304 Not Modified\r\nETag: "abc"\r\nCache-Control: max-age=60\r\n\r\n') },
  { name: "103 Early Hints before the answer", answer: answer("HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload; as=style\r\nLink: </app.js>; rel=preload; as=script\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok") },
  { name: "102 Processing before the answer", answer: answer("HTTP/1.1 102 Processing\r\n\r\nHTTP/1.1 201 Created\r\nLocation: /items/9\r\nContent-Length: 0\r\n\r\n") },
  { name: "a reason phrase of its own", answer: answer("HTTP/1.1 200 Very Fine Indeed\r\nContent-Length: 0\r\n\r\n") },
  { name: "an empty reason phrase", answer: answer("HTTP/1.1 200 \r\nContent-Length: 0\r\n\r\n") },
  { name: "407 with Proxy-Authenticate", answer: answer('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="legacy"\r\nContent-Length: 0\r\n\r\n') },
  { name: "a Latin-1 value and odd letter case", answer: answer("HTTP/1.1 200 OK\r\nX-WeIrD-CaSe: caf\u00e9\r\nContent-Length: 0\r\n\r\n") },
  { name: "interleaved repeated fields", answer: answer("HTTP/1.1 200 OK\r\nX-A: 1\r\nX-B: 2\r\nx-a: 3\r\nVary: Accept\r\nVary: Cookie\r\nContent-Length: 0\r\n\r\n") },
  { name: "the upstream's own x-request-id", answer: answer("HTTP/1.1 200 OK\r\nX-Request-Id: upstream-id-42\r\nContent-Length: 0\r\n\r\n") },
  { name: "a gzip body, bytes as they are", answer: answer("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Type: application/json\r\nContent-Length: 256\r\n\r\n", allBytes) },
  { name: "an answer to HEAD", method: "HEAD", answer: answer("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 1234\r\n\r\n") },
  { name: "an 8 KB field", answer: answer(`HTTP/1.1 200 OK\r\nX-Big: ${"w".repeat(8192)}\r\nContent-Length: 0\r\n\r\n`) },
  { name: "a JSON 404", answer: answer('HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: 21\r\n\r\n{"error":"not found"}') },
  { name: "Connection: close and Keep-Alive from the upstream", answer: answer("HTTP/1.1 200 OK\r\nConnection: close\r\nKeep-Alive: timeout=5\r\nContent-Length: 3\r\n\r\nbye", Buffer.alloc(0), true) },
  { name: "a Date and a Server of the upstream", answer: answer("HTTP/1.1 200 OK\r\nDate: Sat, 29 Oct 1994 19:43:31 GMT\r\nServer: Legacy/1.0\r\nContent-Length: 0\r\n\r\n") },
  { name: "no Date at all", answer: answer("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx") },
];

/** The answers the echo upstream knows, by case name. */
export function upstreamAnswers(): Record<string, UpstreamAnswer> {
  return Object.fromEntries(RESPONSE_CASES.map((testCase, i) => [`r${i}`, testCase.answer]));
}

/** The request that asks the upstream for a response case's answer. */
export function answerRequest(index: number, method = "GET"): RawRequestBytes {
  return { head: serialiseHead(`${method} /answers/${index} HTTP/1.1`, [HOST, [ANSWER_FIELD, `r${index}`]]) };
}
