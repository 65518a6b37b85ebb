/**
 * Prometheus credentials, kept in the editor's secret storage (never in settings or the
 * repository), one set per Prometheus URL.
 */
import type * as vscode from 'vscode';
import type { PrometheusAuth } from '../../core/canary';
import type { Asker } from '../../core/asker';
import { checkPrometheusUrl, prometheusSecretKey } from '../../core/canary/canaryConfig';

export class PrometheusCredentials {
  /** `redactor` learns every secret read or stored, so no log line or error shows it. */
  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly redactor?: { register(secret: string): void },
  ) {}

  async get(url: string): Promise<PrometheusAuth | undefined> {
    const stored = await this.secrets.get(prometheusSecretKey(url));
    if (!stored) return undefined;
    try {
      const parsed = JSON.parse(stored) as Partial<PrometheusAuth> & Record<string, unknown>;
      if (parsed.kind === 'bearer' && typeof parsed['token'] === 'string') return this.known({ kind: 'bearer', token: parsed['token'] });
      if (parsed.kind === 'basic' && typeof parsed['username'] === 'string' && typeof parsed['password'] === 'string') {
        return this.known({ kind: 'basic', username: parsed['username'], password: parsed['password'] });
      }
    } catch {
      // An entry this version cannot read counts as none; setting credentials again replaces it.
    }
    return undefined;
  }

  set(url: string, auth: PrometheusAuth): Thenable<void> {
    this.known(auth);
    return this.secrets.store(prometheusSecretKey(url), JSON.stringify(auth));
  }

  delete(url: string): Thenable<void> {
    return this.secrets.delete(prometheusSecretKey(url));
  }

  private known(auth: PrometheusAuth): PrometheusAuth {
    if (auth.kind === 'bearer') this.redactor?.register(auth.token);
    else this.redactor?.register(auth.password);
    return auth;
  }
}

type AuthKind = 'bearer' | 'basic' | 'none';

/** "Release Pilot: Set Prometheus Credentials": which server, which kind, the secret itself. */
export async function setPrometheusCredentials(credentials: PrometheusCredentials, ask: Asker, suggestedUrl: string | undefined): Promise<boolean> {
  const urlText = await ask.input({ title: 'Prometheus credentials (1/3): URL of the Prometheus server',
    ...(suggestedUrl ? { value: suggestedUrl } : {}),
    validate: (v) => {
      const checked = checkPrometheusUrl(v);
      return 'problem' in checked ? checked.problem : undefined;
    },
  });
  if (urlText === undefined) return false;
  const checked = checkPrometheusUrl(urlText);
  if ('problem' in checked) return false;
  const kind = await ask.pick<AuthKind>([
    { value: 'bearer', label: 'Bearer token', description: 'Authorization: Bearer <token>' },
    { value: 'basic', label: 'User name and password', description: 'HTTP basic authentication' },
    { value: 'none', label: 'No credentials', description: 'forget what is stored for this server' },
  ], { title: `Prometheus credentials (2/3): how ${checked.url} authenticates` });
  if (kind === undefined) return false;
  if (kind === 'none') {
    await credentials.delete(checked.url);
    void ask.inform('info', `Prometheus credentials for ${checked.url} removed.`);
    return true;
  }
  const required = (what: string) => (v: string) => (v ? undefined : `Give the ${what}.`);
  let auth: PrometheusAuth;
  if (kind === 'bearer') {
    const token = await ask.input({ title: 'Prometheus credentials (3/3): token', password: true, validate: required('token') });
    if (token === undefined) return false;
    auth = { kind: 'bearer', token };
  } else {
    const username = await ask.input({ title: 'Prometheus credentials (3/3): user name', validate: required('user name') });
    if (username === undefined) return false;
    const password = await ask.input({ title: 'Prometheus credentials (3/3): password', password: true, validate: required('password') });
    if (password === undefined) return false;
    auth = { kind: 'basic', username, password };
  }
  await credentials.set(checked.url, auth);
  void ask.inform('info', `Prometheus credentials for ${checked.url} saved in the editor's secret storage; they are only sent to that server.`);
  return true;
}
