/**
 * `include:remote` names any URL: a repository could make the editor download from a host of its
 * choosing. So a host is read only after the person allowed it once (remembered in the editor's
 * global memory, outside any repository), only over `https`, and never with a token. "Not now"
 * holds for the session and leaves a finding that says how to allow the host later.
 */
import type { Asker } from '../asker';
import type { RemoteIncludeAnswer, RemoteIncludeFetcher, RemoteIncludeFound, RemoteIncludeRequest } from '../ci';

/** Where answers are remembered (VS Code's `globalState`; a map in tests). */
export interface ConsentMemory {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

/** The command that allows a host later; named in the finding left after "not now". */
export const ALLOW_HOST_COMMAND_TITLE = 'Release Pilot: Allow Remote Include Host';

/** The memory key of a host's answer: scheme, host and port. */
export function remoteIncludeHostKey(origin: string): string {
  return `releasePilot.remoteIncludeHostAllowed:${origin}`;
}

/** The origin (`https://host[:port]`) of an https URL, or undefined for anything else. */
export function httpsOrigin(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' && !parsed.username && !parsed.password ? parsed.origin : undefined;
  } catch {
    return undefined;
  }
}

export class RemoteHostConsent {
  private readonly asking = new Map<string, Promise<boolean>>();
  /** Hosts the person said "not now" to in this session: not asked again until a reload. */
  private readonly refused = new Set<string>();

  constructor(private readonly memory: ConsentMemory, private readonly ask: Asker) {}

  isAllowed(origin: string): boolean {
    return this.memory.get<boolean>(remoteIncludeHostKey(origin)) === true;
  }

  /** Allows a host for good (the command, or a quick fix on the finding). */
  async allow(origin: string): Promise<void> {
    this.refused.delete(origin);
    await this.memory.update(remoteIncludeHostKey(origin), true);
  }

  /** Hosts refused in this session, for the command's list. */
  refusedHosts(): string[] {
    return [...this.refused].sort();
  }

  /** True when `origin` may be read: allowed before, or allowed now (asked once per session and host). */
  ensure(origin: string): Promise<boolean> {
    if (this.isAllowed(origin)) return Promise.resolve(true);
    if (this.refused.has(origin)) return Promise.resolve(false);
    const pending = this.asking.get(origin);
    if (pending) return pending;
    const question = this.ask
      .confirm({
        message: `Allow Release Pilot to download CI includes from ${origin}?`,
        detail: [
          `This repository's CI configuration has an include:remote on ${origin}. Release Pilot reads it to check the configuration as GitLab would run it.`,
          'The file is downloaded without any GitLab token. Nothing has been sent to that host yet.',
          `A yes is remembered for this host in every workspace; otherwise "${ALLOW_HOST_COMMAND_TITLE}" allows it later.`,
        ].join('\n'),
        confirm: `Allow ${origin}`,
      })
      .then(async (yes) => {
        if (yes) await this.allow(origin);
        else this.refused.add(origin);
        return yes;
      })
      .finally(() => this.asking.delete(origin));
    this.asking.set(origin, question);
    return question;
  }
}

/**
 * Reads `include:remote` URLs through `inner` once their host is allowed; every other request
 * kind is not its business (answered as invalid, which never happens when wired as the remote reader).
 */
export class ConsentedRemoteFetcher implements RemoteIncludeFetcher {
  constructor(private readonly consent: RemoteHostConsent, private readonly inner: RemoteIncludeFetcher) {}

  async fetch(req: RemoteIncludeRequest, known?: RemoteIncludeFound): Promise<RemoteIncludeAnswer> {
    if (req.kind !== 'remote') return { kind: 'failure', reason: 'invalid', message: `Only include:remote is read without a GitLab instance.` };
    const origin = httpsOrigin(req.url);
    if (origin === undefined) {
      return { kind: 'failure', reason: 'host-not-allowed', message: `\`${req.url}\` is not read: Release Pilot downloads include:remote only over https, without credentials in the URL.` };
    }
    if (!(await this.consent.ensure(origin))) {
      return {
        kind: 'failure',
        reason: 'host-not-allowed',
        message: `Downloads from ${origin} are not allowed yet, so \`${req.url}\` is not read. Run "${ALLOW_HOST_COMMAND_TITLE}" (or the quick fix here) to allow it.`,
      };
    }
    return this.inner.fetch(req, known);
  }
}
