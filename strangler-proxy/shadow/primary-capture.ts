import type { IncomingMessage, ServerResponse } from "node:http";
import type { CapturedResponse } from "../diff";
import { BodyCapture, hasBody, type Forwarder } from "../forward";
import { flatHeaders } from "./send-copy";

/** What the primary did, as the shadow path saw it. */
export interface PrimaryCapture {
  /** The client's request body (empty when it had none); null when it overflowed the cap or was cut off. */
  requestBody(): Promise<Buffer | null>;
  /** The primary's answer (body up to the cap; `truncated` above it); null when the primary failed before answering. */
  response(): Promise<CapturedResponse | null>;
}

/**
 * Tees the client's request body and the primary's answer (both up to `maxBodyBytes`) while they
 * stream: `data` listeners beside the forwarder's pipes, so the client waits for nothing.
 */
export function capturePrimary(forwarder: Forwarder, req: IncomingMessage, res: ServerResponse, maxBodyBytes: number): PrimaryCapture {
  const withBody = hasBody(req.headers);
  let started: (capture: BodyCapture | null) => void = () => undefined;
  const requestCapture = new Promise<BodyCapture | null>((resolve) => (started = resolve));
  let answered: (response: CapturedResponse | null) => void = () => undefined;
  const response = new Promise<CapturedResponse | null>((resolve) => (answered = resolve));
  forwarder.tap(req, {
    onRequest: () => {
      if (withBody) started(new BodyCapture(req, maxBodyBytes));
    },
    onResponse: (upstreamResponse) => {
      const body = new BodyCapture(upstreamResponse, maxBodyBytes);
      const status = upstreamResponse.statusCode ?? 0;
      const headers = flatHeaders(upstreamResponse);
      void body.done.then(() => {
        if (body.complete()) answered({ status, headers, body: body.bytes(), truncated: false });
        else if (body.overflow()) answered({ status, headers, body: Buffer.alloc(0), truncated: true });
        // Cut off mid-answer (upstream reset or client gone): nothing whole to compare.
        else answered(null);
      });
    },
  });
  // Without an answer the response closes after the forwarder's 502/504: the primary failed.
  res.once("close", () =>
    setImmediate(() => {
      answered(null);
      started(null);
    }),
  );
  return {
    async requestBody() {
      if (!withBody) return Buffer.alloc(0);
      const capture = await requestCapture;
      if (!capture) return null;
      await capture.done;
      return capture.complete() ? capture.bytes() : null;
    },
    response: () => response,
  };
}
