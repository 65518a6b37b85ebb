/**
 * Patterns that look like credentials. GitLab tokens carry a `gl..-` prefix
 * (personal `glpat-`, OAuth `gloas-`, deploy `gldt-`, runner `glrt-`, CI job `glcbt-` ...);
 * headers and URLs may carry any token, so those are masked whatever their shape.
 */
const GITLAB_TOKEN = /\bgl[a-z]{2,6}-[A-Za-z0-9_.-]{8,}/g;
const HEADER = /(PRIVATE-TOKEN|JOB-TOKEN|Authorization)(["']?\s*[:=]\s*["']?)(Bearer\s+)?[^\s"',}]+/gi;
const QUERY = /([?&](?:private_token|access_token|token)=)[^&\s"']+/gi;
const URL_USERINFO = /(\/\/[^/\s:@]+:)[^@\s/]+@/g;

/** Masks credentials by shape, whatever their value. */
export function redactPatterns(text: string): string {
  return text
    .replace(GITLAB_TOKEN, '[redacted]')
    .replace(HEADER, (_m, name: string, sep: string, bearer: string | undefined) => `${name}${sep}${bearer ?? ''}[redacted]`)
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
