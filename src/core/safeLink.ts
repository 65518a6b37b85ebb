/**
 * Links from GitLab's answers (`web_url`, environment URLs) are opened in the browser only when
 * they are plain web addresses: `http:` or `https:`, no credentials in them. Anything else
 * (`file:`, `command:`, `vscode:`, `javascript:` ...) from a hostile or confused server is refused.
 */
const WEB_SCHEMES: ReadonlySet<string> = new Set(['http:', 'https:']);

export type LinkCheck = { readonly ok: true; readonly url: string } | { readonly ok: false; readonly reason: string };

export function browsableLink(raw: unknown): LinkCheck {
  if (typeof raw !== 'string' || raw.trim() === '') return { ok: false, reason: 'GitLab gave no address to open.' };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'GitLab gave an address that is not a URL; it was not opened.' };
  }
  if (!WEB_SCHEMES.has(url.protocol)) return { ok: false, reason: `Release Pilot opens only http and https addresses; GitLab gave a ${url.protocol} link, which was not opened.` };
  if (url.username || url.password) return { ok: false, reason: 'The address GitLab gave carries credentials; it was not opened.' };
  return { ok: true, url: url.href };
}
