/**
 * Links from GitLab's answers (`web_url`, environment URLs) are opened in the browser only when
 * they are plain web addresses on the repository's own GitLab instance: `http:` or `https:`, no
 * credentials in them, and the instance's host (name and port). Anything else (`file:`,
 * `command:`, `vscode:`, `javascript:`, or a page on another host that a hostile or confused
 * server put in its answer) is refused with a message.
 */
const WEB_SCHEMES: ReadonlySet<string> = new Set(['http:', 'https:']);

export type LinkCheck = { readonly ok: true; readonly url: string } | { readonly ok: false; readonly reason: string };

/**
 * `instanceUrl` is the signed-in instance the link came from (`GitLabInstance.url`). Only the
 * host is compared: an instance reached over `http` behind a proxy may well report `https` links.
 */
export function browsableLink(raw: unknown, instanceUrl: string): LinkCheck {
  if (typeof raw !== 'string' || raw.trim() === '') return { ok: false, reason: 'GitLab gave no address to open.' };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'GitLab gave an address that is not a URL; it was not opened.' };
  }
  if (!WEB_SCHEMES.has(url.protocol)) return { ok: false, reason: `Release Pilot opens only http and https addresses; GitLab gave a ${url.protocol} link, which was not opened.` };
  if (url.username || url.password) return { ok: false, reason: 'The address GitLab gave carries credentials; it was not opened.' };
  const home = hostOf(instanceUrl);
  if (home === undefined || url.host !== home) {
    return { ok: false, reason: `GitLab gave a link to ${url.host}, which is not your GitLab instance (${home ?? instanceUrl}); it was not opened.` };
  }
  return { ok: true, url: url.href };
}

function hostOf(instanceUrl: string): string | undefined {
  try {
    return new URL(instanceUrl).host;
  } catch {
    return undefined;
  }
}
