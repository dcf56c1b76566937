import { CliError } from "./cli-error";
import type { CliConfig } from "./config";
import { httpCall, type HttpAnswer } from "./http-call";

interface ErrorBody {
  error?: { code?: string; message?: string };
}

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
    const { status, parsed } = await this.send("GET", path);
    return { status, body: parsed as T | undefined };
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const { ok, status, parsed } = await this.send(method, path, body);
    if (!ok) {
      const error = (parsed as ErrorBody | undefined)?.error;
      const hint = status === 401 ? " Set STRANGLER_ADMIN_TOKEN (npm start keeps it in .strangler/admin-token)." : "";
      throw new CliError(error?.code ?? "CLI_ERR_ADMIN_REFUSED", `${error?.message ?? `${method} ${path} answered ${status}`}${hint}`);
    }
    return parsed as T;
  }

  private async send(method: string, path: string, body?: unknown): Promise<{ ok: boolean; status: number; parsed: unknown }> {
    const headers: Record<string, string> = { accept: "application/json", "x-actor": "strangler-cli" };
    if (this.config.adminToken) headers.authorization = `Bearer ${this.config.adminToken}`;
    if (body !== undefined) headers["content-type"] = "application/json";
    let response: HttpAnswer;
    try {
      response = await httpCall({ method, url: `${this.config.adminUrl}${path}`, headers, body: body === undefined ? undefined : JSON.stringify(body), timeoutMs: 10_000 });
    } catch (err) {
      throw new CliError(
        "CLI_ERR_ADMIN_UNREACHABLE",
        `Cannot reach the proxy's admin API at ${this.config.adminUrl} (${String(err)}). Start the stack (npm start) or set STRANGLER_ADMIN_URL.`,
      );
    }
    const text = response.text;
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { ok: response.ok, status: response.status, parsed };
  }
}
