// The adapter pointed at a small local server, and the one way its tests expect a failure.
import * as assert from 'node:assert/strict';
import { GitLabError } from '../../../../../src/core/gitlab/errors';
import type { GitbeakerApi } from '../../../../../src/core/gitlab/gitbeakerApi';
import { createGitbeakerApi } from '../../../../../src/core/gitlab/gitbeakerApi';
import { instanceFromUrl } from '../../../../../src/core/gitlab/instance';

export type AdapterOptions = Omit<Parameters<typeof createGitbeakerApi>[0], 'instance' | 'token'>;

/** The real adapter for the instance at `url` (a local server), with a short timeout unless told. */
export function adapterFor(url: string, token: string, options: AdapterOptions = {}): GitbeakerApi {
  return createGitbeakerApi({ instance: instanceFromUrl(url), token, timeoutMs: 2000, ...options });
}

/** The GitLabError `promise` rejects with; fails the test when it resolves or throws anything else. */
export async function rejection(promise: Promise<unknown>): Promise<GitLabError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof GitLabError, `expected a GitLabError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the call to fail');
}
