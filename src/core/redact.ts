/**
 * Patterns that look like credentials. GitLab tokens carry one of GitLab's documented
 * prefixes (personal `glpat-`, OAuth `gloas-`, deploy `gldt-`, runner `glrt-`, CI job
 * `glcbt-`, trigger `glptt-` ...), optionally behind an instance prefix (`SIE-glpat-`).
 * The list is closed on purpose: a loose `gl...-` shape masked ordinary words such as
 * `global-deploy-production` and made logs unreadable. Headers and URLs may carry any
 * token, so those are masked whatever their shape, after any auth scheme (`Basic`, `Bearer`).
 */
const GITLAB_TOKEN = /\b(?:[A-Za-z0-9]{1,10}-)?(?:glpat|gloas|gldt|glrtr|glrt|glcbt|glptt|glft|glimt|glagent|glsoat|glffct|glwt|glsa)-[A-Za-z0-9_.-]{8,}|\bGR1348941[A-Za-z0-9_-]{8,}/g;
const HEADER = /(PRIVATE-TOKEN|JOB-TOKEN|Authorization)(["']?\s*[:=]\s*["']?)((?:Bearer|Basic|Token|Negotiate|Digest|NTLM)\s+)?[^\s"',}]+/gi;
const QUERY = /([?&](?:private_token|access_token|token)=)[^&\s"']+/gi;
const URL_USERINFO = /(\/\/[^/\s:@]+:)[^@\s/]+@/g;

/** Masks credentials by shape, whatever their value. */
export function redactPatterns(text: string): string {
  return text
    .replace(GITLAB_TOKEN, '[redacted]')
    .replace(HEADER, (_m, name: string, sep: string, scheme: string | undefined) => `${name}${sep}${scheme ?? ''}[redacted]`)
    .replace(QUERY, (_m, prefix: string) => `${prefix}[redacted]`)
    .replace(URL_USERINFO, (_m, prefix: string) => `${prefix}[redacted]@`);
}

/**
 * Masks credentials by shape and, in addition, the exact secrets it has been told
 * about (tokens of any format that the user stored), so a token that slipped into
 * an error message never reaches a log or a notification.
 */
export class SecretRedactor {
  private readonly secrets = new Set<string>();

  register(secret: string): void {
    if (secret.length >= 6) this.secrets.add(secret);
  }

  forget(secret: string): void {
    this.secrets.delete(secret);
  }

  redact(text: string): string {
    let out = text;
    for (const secret of this.secrets) out = out.split(secret).join('[redacted]');
    return redactPatterns(out);
  }
}
