import type * as vscode from 'vscode';
import type { GitLabInstance } from '../../core/gitlab/instance';
import { instanceFromUrl } from '../../core/gitlab/instance';
import type { SecretRedactor } from '../../core/redact';

const INSTANCES_KEY = 'releasePilot.signedInInstances';
const secretKey = (instance: GitLabInstance): string => `releasePilot.token:${instance.url}`;

export interface SignedIn {
  readonly instance: GitLabInstance;
  readonly token: string;
  readonly username: string;
  readonly canAct: boolean;
}

interface StoredInstance {
  readonly url: string;
  readonly username: string;
  readonly canAct: boolean;
}

/**
 * Tokens live in SecretStorage only, one per instance URL. The list of instances (no secrets)
 * lives in the user's global state, not in settings: settings can come from a workspace, and a
 * workspace must never decide where a token goes.
 */
export class TokenStore {
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly state: vscode.Memento,
    private readonly redactor: SecretRedactor,
  ) {}

  /** Every signed-in instance with its token (registered with the redactor on the way out). */
  async all(): Promise<SignedIn[]> {
    const out: SignedIn[] = [];
    for (const stored of this.list()) {
      const instance = instanceFromUrl(stored.url);
      const token = await this.secrets.get(secretKey(instance));
      if (!token) continue;
      this.redactor.register(token);
      out.push({ instance, token, username: stored.username, canAct: stored.canAct });
    }
    return out;
  }

  instances(): GitLabInstance[] {
    return this.list().map((s) => instanceFromUrl(s.url));
  }

  async save(entry: SignedIn): Promise<void> {
    this.redactor.register(entry.token);
    await this.secrets.store(secretKey(entry.instance), entry.token);
    const rest = this.list().filter((s) => s.url !== entry.instance.url);
    await this.state.update(INSTANCES_KEY, [...rest, { url: entry.instance.url, username: entry.username, canAct: entry.canAct }]);
    this.fire();
  }

  async remove(instance: GitLabInstance): Promise<void> {
    const token = await this.secrets.get(secretKey(instance));
    if (token) this.redactor.forget(token);
    await this.secrets.delete(secretKey(instance));
    await this.state.update(INSTANCES_KEY, this.list().filter((s) => s.url !== instance.url));
    this.fire();
  }

  onDidChange(listener: () => void): vscode.Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private list(): StoredInstance[] {
    return this.state.get<StoredInstance[]>(INSTANCES_KEY, []);
  }

  private fire(): void {
    for (const listener of this.listeners) listener();
  }
}
