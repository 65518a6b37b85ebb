// The fault matrix's rows: what the local GitLab-compatible server does instead of answering,
// and the words a person must get for it, watching (a read) and acting (a write).
import type { FaultHandle, GitLabServer, PathMatch } from '../../../../gitlab-server';

export interface FaultSpec {
  readonly id: string;
  /** As the matrix names it. */
  readonly label: string;
  /** Switches the fault on for the next matching request only. */
  readonly arm: (server: GitLabServer, match: PathMatch, method: string) => FaultHandle;
  /** What a person watching (lanes, sign-in, log, lint) reads. */
  readonly read: RegExp;
  /** What a person who clicked an action reads, unless the action's own refusal words apply. */
  readonly write: RegExp;
  /** The server still carries the write out, after the client gave up (so a repeat may be refused as done). */
  readonly serverActsLate?: boolean;
  /** Client timeout for this row (the slow row needs one shorter than the delay). */
  readonly timeoutMs?: number;
}

const LOGIN_PAGE = '<!DOCTYPE html><html><head><title>Sign in · Corporate SSO</title></head><body><form method="post" action="/sso/login"></form></body></html>';
const NGINX_502 = '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';
const JSON_TYPE = { 'Content-Type': 'application/json' };
const UNKNOWN_OUTCOME = /The action was sent once and not repeated, so it may or may not have taken effect: check the lanes \(they refresh now\) before trying again\.$/;
/** The slow row: the server answers after 1.5 s, the client gives up after 0.4 s. */
export const SLOW_DELAY_MS = 1500;
const SLOW_TIMEOUT_MS = 400;

const once = (match: PathMatch, method: string): { times: number; match: PathMatch; method: string } => ({ times: 1, match, method });

export const FAULTS: readonly FaultSpec[] = [
  {
    id: '401', label: '401 Unauthorized',
    arm: (s, m, v) => s.faults.answer({ ...once(m, v), status: 401, headers: JSON_TYPE, body: '{"message":"401 Unauthorized"}' }),
    read: /^GitLab at 127\.0\.0\.1 no longer accepts the stored token \(revoked or expired\)\. Sign in to GitLab again\.$/,
    write: /no longer accepts the stored token .* Sign in to GitLab again\.$/,
  },
  {
    id: '403', label: '403 Forbidden',
    arm: (s, m, v) => s.faults.answer({ ...once(m, v), status: 403, headers: JSON_TYPE, body: '{"message":"403 Forbidden"}' }),
    read: /^GitLab at 127\.0\.0\.1 refused the request: 403 Forbidden\. Check your role in the project and the token's scopes/,
    write: /refused the request: 403 Forbidden\. Check your role|you may not deploy to this environment/,
  },
  {
    id: '404', label: '404 Not Found',
    arm: (s, m, v) => s.faults.answer({ ...once(m, v), status: 404, headers: JSON_TYPE, body: '{"message":"404 Not found"}' }),
    read: /^GitLab at 127\.0\.0\.1 found nothing at this address \(404 Not found\)\. Check the project path/,
    // A rollback names what went missing: the job of the deployment it would run again.
    write: /^GitLab no longer finds (this job, pipeline or deployment: it may have been deleted\. The lanes|the job of that deployment: its pipeline may have been deleted\. The environments) are refreshed\.$/,
  },
  {
    id: '409', label: '409 Conflict',
    arm: (s, m, v) => s.faults.answer({ ...once(m, v), status: 409, headers: JSON_TYPE, body: '{"message":"409 Conflict: Resource lock"}' }),
    read: /^GitLab at 127\.0\.0\.1 refused the request: 409 Conflict: Resource lock\. Fix the request and try again\.$/,
    write: /refused the request: 409 Conflict: Resource lock\./,
  },
  {
    id: '429-seconds', label: '429, `Retry-After: 30`',
    arm: (s, m, v) => s.faults.rateLimit({ ...once(m, v), retryAfterSec: 30 }),
    read: /^GitLab at 127\.0\.0\.1 is rate-limiting requests; retrying in 30 s\. Release Pilot waits as asked and then carries on\.$/,
    write: /is rate-limiting requests; it asked to wait 30 s\. The action was not carried out: try again in 30 s\.$/,
  },
  {
    id: '429-date', label: '429, `Retry-After` as an HTTP date (+2 min)',
    arm: (s, m, v) => s.faults.answer({ ...once(m, v), status: 429, headers: { 'Content-Type': 'text/plain', 'Retry-After': new Date(s.clock.now() + 120_000).toUTCString() }, body: 'Retry later\n' }),
    read: /is rate-limiting requests; retrying in 120 s\./,
    write: /it asked to wait 120 s\. The action was not carried out: try again in 120 s\.$/,
  },
  {
    id: '429-absurd', label: '429, `Retry-After: 3000000`',
    arm: (s, m, v) => s.faults.rateLimit({ ...once(m, v), retryAfterSec: 3_000_000 }),
    read: /is rate-limiting requests; retrying in 900 s\./,
    write: /it asked to wait 900 s\. The action was not carried out: try again in 900 s\.$/,
  },
  {
    id: '500', label: '500 Internal Server Error',
    arm: (s, m, v) => s.faults.serverError({ ...once(m, v), status: 500 }),
    read: /^GitLab at 127\.0\.0\.1 answered with a server error \(HTTP 500\)\. It may be down or overloaded; Release Pilot will retry\.$/,
    write: UNKNOWN_OUTCOME,
  },
  {
    id: '502-html', label: '502 with an HTML body (nginx)',
    arm: (s, m, v) => s.faults.answer({ ...once(m, v), status: 502, headers: { 'Content-Type': 'text/html' }, body: NGINX_502 }),
    read: /^GitLab at 127\.0\.0\.1 answered with a server error \(HTTP 502\)\./,
    write: UNKNOWN_OUTCOME,
  },
  {
    id: '503', label: '503 Service Unavailable',
    arm: (s, m, v) => s.faults.serverError({ ...once(m, v), status: 503 }),
    read: /answered with a server error \(HTTP 503\)\./,
    write: UNKNOWN_OUTCOME,
  },
  {
    id: 'html-200', label: '200 with an HTML sign-in page',
    arm: (s, m, v) => s.faults.answer({ ...once(m, v), status: 200, headers: { 'Content-Type': 'text/html; charset=utf-8' }, body: LOGIN_PAGE }),
    read: /^GitLab at 127\.0\.0\.1 answered with a web page, not the API: a proxy or sign-in page\? Open the instance in a browser/,
    write: /answered with a web page, not the API: a proxy or sign-in page\?.*may or may not have taken effect/,
  },
  {
    id: 'truncated', label: '200 with truncated JSON',
    arm: (s, m, v) => s.faults.answer({ ...once(m, v), status: 200, headers: JSON_TYPE, body: '[{"id":1,"status":"runn' }),
    read: /^GitLab at 127\.0\.0\.1 sent an answer that is not valid JSON \(cut off on the way\?\)\. Release Pilot will retry\.$/,
    write: /not valid JSON \(cut off on the way\?\)\. The action was sent once and not repeated/,
  },
  {
    id: 'slow', label: `an answer after ${SLOW_DELAY_MS} ms, past a ${SLOW_TIMEOUT_MS} ms timeout`,
    arm: (s, m, v) => s.faults.slow(SLOW_DELAY_MS, once(m, v)),
    read: /^Cannot reach GitLab at 127\.0\.0\.1 \(no answer in time\)\. Check your network or VPN; Release Pilot will retry\.$/,
    write: /\(no answer in time\)\. The action was sent once and not repeated, so it may or may not have taken effect/,
    serverActsLate: true,
    timeoutMs: SLOW_TIMEOUT_MS,
  },
  {
    id: 'cut', label: 'connection cut before the answer',
    arm: (s, m, v) => s.faults.drop(once(m, v)),
    read: /^Cannot reach GitLab at 127\.0\.0\.1 \(connection reset\)\. Check your network or VPN; Release Pilot will retry\.$/,
    write: /\(connection reset\)\. The action was sent once and not repeated/,
  },
];
