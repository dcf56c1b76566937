import { CLI_ERROR_CODES, CliError } from "./cli-error";
import type { CliConfig } from "./config";
// The module itself, not the platform barrel: a CLI call must not load express or winston.
import { callJson, JsonCallFailed, type JsonAnswer } from "../../platform/json-call";

/** Calls the proxy's admin API; an error answer or an unreachable API becomes a CliError. */
export class AdminClient {
  constructor(private readonly config: CliConfig) {}

  get<T>(path: string): Promise<T> {
    return this.call<T>("GET", path);
  }

  put<T>(path: string, body: unknown): Promise<T> {
    return this.call<T>("PUT", path, body);
  }

  post<T>(path: string, body?: unknown): Promise<T> {
    return this.call<T>("POST", path, body);
  }

  delete<T>(path: string, body?: unknown): Promise<T> {
    return this.call<T>("DELETE", path, body);
  }

  /** GET that returns the status and body whatever the status (for health endpoints answering 503). */
  async probe<T>(path: string): Promise<{ status: number; body: T | undefined }> {
    const { status, json } = await this.send("GET", path);
    return { status, body: json as T | undefined };
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const { ok, status, json: parsed, error } = await this.send(method, path, body);
    if (!ok) {
      const hint = status === 401 ? " Set STRANGLER_ADMIN_TOKEN (npm start keeps it in .strangler/admin-token)." : "";
      throw new CliError(error?.code ?? CLI_ERROR_CODES.adminRefused, `${error?.message ?? `${method} ${path} answered ${status}`}${hint}`);
    }
    return parsed as T;
  }

  private async send(method: string, path: string, body?: unknown): Promise<JsonAnswer> {
    const headers: Record<string, string> = { "x-actor": "strangler-cli" };
    if (this.config.adminToken) headers.authorization = `Bearer ${this.config.adminToken}`;
    try {
      return await callJson({ method, url: `${this.config.adminUrl}${path}`, headers, body, timeoutMs: 10_000 });
    } catch (err) {
      if (!(err instanceof JsonCallFailed)) throw err;
      throw new CliError(CLI_ERROR_CODES.adminUnreachable, `Cannot reach the proxy's admin API at ${this.config.adminUrl} (${err.reason}). Start the stack (npm start) or set STRANGLER_ADMIN_URL.`);
    }
  }
}
