import { Schemes } from '../ids';
import * as vscode from 'vscode';

export const LOG_SCHEME: string = Schemes.jobLog;

/** Everything needed to reopen a job log after a window reload: it lives in the URI. */
export interface LogAddress {
  /** Instance origin, e.g. `https://gitlab.example.com`. */
  readonly instanceUrl: string;
  readonly projectPath: string;
  readonly jobId: number;
  readonly jobName: string;
}

/** `release-pilot-log://gitlab.example.com/group/project/-/jobs/123/deploy-canary.log?instance=...` (the tab shows the job name). */
export function logUri(address: LogAddress, scheme = LOG_SCHEME): vscode.Uri {
  const host = new URL(address.instanceUrl).host;
  const name = address.jobName.replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/^-+|-+$/g, '') || 'job';
  return vscode.Uri.from({
    scheme,
    authority: host,
    path: `/${address.projectPath}/-/jobs/${address.jobId}/${name}.log`,
    query: new URLSearchParams({ instance: address.instanceUrl, name: address.jobName }).toString(),
  });
}

export function parseLogUri(uri: vscode.Uri): LogAddress | undefined {
  const match = /^\/(.+)\/-\/jobs\/(\d+)\/[^/]*$/.exec(uri.path);
  const query = new URLSearchParams(uri.query);
  const instanceUrl = query.get('instance');
  if (!match || !instanceUrl) return undefined;
  return { instanceUrl, projectPath: match[1]!, jobId: Number(match[2]), jobName: query.get('name') ?? `job ${match[2]}` };
}
