/** Where the admin API is, and in which project and environment the flags live. */
export interface UnleashAdminTarget {
  url: string;
  adminToken: string;
  project: string;
  environment: string;
}

interface Strategy {
  id: string;
  name: string;
  parameters?: Record<string, string>;
}

/**
 * The Unleash 7 admin API calls a team makes for a strangler route flag: create it with one
 * `flexibleRollout` strategy (stickiness `userId`, groupId = the flag name), change its rollout,
 * turn it on and off in the environment, and ask Unleash itself how it evaluates a user (playground).
 */
export class UnleashAdmin {
  constructor(private readonly target: UnleashAdminTarget) {}

  /** Creates a release flag, off, with a `flexibleRollout` strategy at `rollout` percent in the environment. */
  async createRolloutFlag(flag: string, rollout: number): Promise<void> {
    await this.call("POST", `/projects/${this.target.project}/features`, { name: flag, type: "release" });
    await this.call("POST", this.strategiesPath(flag), {
      name: "flexibleRollout",
      constraints: [],
      parameters: { rollout: String(rollout), stickiness: "userId", groupId: flag },
    });
  }

  /** Sets the rollout percentage of the flag's `flexibleRollout` strategy. */
  async setRollout(flag: string, rollout: number): Promise<void> {
    const strategy = await this.rolloutStrategy(flag);
    await this.call("PATCH", `${this.strategiesPath(flag)}/${strategy.id}`, [{ op: "replace", path: "/parameters/rollout", value: String(rollout) }]);
  }

  /** Turns the flag on in the environment. */
  async enable(flag: string): Promise<void> {
    await this.call("POST", `${this.environmentPath(flag)}/on`);
  }

  /** Turns the flag off in the environment. */
  async disable(flag: string): Promise<void> {
    await this.call("POST", `${this.environmentPath(flag)}/off`);
  }

  /** Unleash's own evaluation of the flag for `userId` (admin playground, straight from its database). */
  async evaluate(flag: string, userId: string): Promise<boolean> {
    const answer = (await this.call("POST", "/playground", {
      environment: this.target.environment,
      projects: [this.target.project],
      context: { appName: "strangler-proxy", userId },
    })) as { features: Array<{ name: string; isEnabled: boolean }> };
    const feature = answer.features.find((f) => f.name === flag);
    if (!feature) throw new Error(`Unleash playground does not know the flag ${flag}`);
    return feature.isEnabled;
  }

  private async rolloutStrategy(flag: string): Promise<Strategy> {
    const strategies = (await this.call("GET", this.strategiesPath(flag))) as Strategy[];
    const rollouts = strategies.filter((s) => s.name === "flexibleRollout");
    if (rollouts.length !== 1) throw new Error(`${flag} has ${rollouts.length} flexibleRollout strategies in ${this.target.environment}; expected one`);
    return rollouts[0];
  }

  private environmentPath(flag: string): string {
    return `/projects/${this.target.project}/features/${encodeURIComponent(flag)}/environments/${this.target.environment}`;
  }

  private strategiesPath(flag: string): string {
    return `${this.environmentPath(flag)}/strategies`;
  }

  private async call(method: string, path: string, body?: unknown): Promise<unknown> {
    const res = await fetch(`${this.target.url}/api/admin${path}`, {
      method,
      headers: { authorization: this.target.adminToken, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`Unleash admin API ${method} ${path} answered ${res.status}: ${text.slice(0, 500)}`);
    return text ? JSON.parse(text) : undefined;
  }
}
