/** Polls `url` until it answers 2xx; rejects after `timeoutMs` or as soon as `gaveUp` resolves. */
export async function waitReady(url: string, timeoutMs: number, gaveUp: Promise<unknown>, headers: Record<string, string> = {}): Promise<void> {
  let stopped = false;
  void gaveUp.then(() => (stopped = true));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (stopped) throw new Error("exited before it was ready");
    try {
      const response = await fetch(url, { headers, signal: AbortSignal.timeout(1000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`not ready after ${timeoutMs / 1000} s (${url})`);
}

/** Polls `url` until it answers at all (any status: something listens and speaks HTTP); same rules as waitReady. */
export async function waitAnswering(url: string, timeoutMs: number, gaveUp: Promise<unknown>): Promise<void> {
  let stopped = false;
  void gaveUp.then(() => (stopped = true));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (stopped) throw new Error("exited before it was ready");
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
      await response.body?.cancel();
      return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`not answering after ${timeoutMs / 1000} s (${url})`);
}
