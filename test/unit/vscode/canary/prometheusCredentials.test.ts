import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { PrometheusCredentials, setPrometheusCredentials } from '../../../../src/vscode/canary/prometheusCredentials';
import { ScriptedAsker } from '../../../support/scriptedAsker';

/** The part of SecretStorage the credentials use, in memory. */
function memorySecrets(): vscode.SecretStorage & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    get: (key: string) => Promise.resolve(map.get(key)),
    store: (key: string, value: string) => Promise.resolve(void map.set(key, value)),
    delete: (key: string) => Promise.resolve(void map.delete(key)),
    onDidChange: () => ({ dispose: () => undefined }),
  };
}

describe('Prometheus credentials', () => {
  it('stores a bearer token for the server named, and hands it back for that server only', async () => {
    const secrets = memorySecrets();
    const learned: string[] = [];
    const credentials = new PrometheusCredentials(secrets, { register: (s) => learned.push(s) });
    const prompts = new ScriptedAsker({ 'URL of the Prometheus server': 'https://prom.example.com/', authenticates: 'bearer', '(3/3): token': 's3cret' });
    assert.equal(await setPrometheusCredentials(credentials, prompts, undefined), true);
    assert.deepEqual(await credentials.get('https://prom.example.com'), { kind: 'bearer', token: 's3cret' });
    assert.equal(await credentials.get('https://other.example.com'), undefined);
    assert.ok(learned.includes('s3cret'), 'the redactor learns the token');
    assert.ok(prompts.messages.every((m) => !m.message.includes('s3cret')), 'the token is never shown');
  });

  it('stores user name and password, and forgets them on "No credentials"', async () => {
    const secrets = memorySecrets();
    const credentials = new PrometheusCredentials(secrets);
    await setPrometheusCredentials(credentials, new ScriptedAsker({ authenticates: 'basic', 'user name': 'ops', password: 'pw' }), 'http://127.0.0.1:9090');
    assert.deepEqual(await credentials.get('http://127.0.0.1:9090'), { kind: 'basic', username: 'ops', password: 'pw' });
    await setPrometheusCredentials(credentials, new ScriptedAsker({ authenticates: 'none' }), 'http://127.0.0.1:9090');
    assert.equal(secrets.map.size, 0);
  });

  it('refuses a URL carrying credentials, and stores nothing when cancelled', async () => {
    const credentials = new PrometheusCredentials(memorySecrets());
    await assert.rejects(setPrometheusCredentials(credentials, new ScriptedAsker({ 'URL of the Prometheus server': 'https://u:p@prom.example.com' }), undefined), /Leave credentials out of the URL/);
    const secrets = memorySecrets();
    assert.equal(await setPrometheusCredentials(new PrometheusCredentials(secrets), new ScriptedAsker({ authenticates: 'bearer', '(3/3): token': { cancel: true } }), 'http://127.0.0.1:9090'), false);
    assert.equal(secrets.map.size, 0);
  });
});
