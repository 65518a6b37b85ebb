import type { JobVariable } from '../../gitlab/models';
import type { ReleaseDeps } from './releaseDeps';

const KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Never offered again after reload: values of these may be secrets. */
const SECRET_LOOKING = /(TOKEN|SECRET|PASSWORD|PASSWD|KEY)$/i;

/**
 * Asks for variables as `KEY=value` lines, one prompt per variable, finishing on an empty
 * answer. The last set used for the same purpose is offered first (values of secret-looking
 * keys are not remembered). Undefined when the person backed out (Escape).
 */
export async function askVariables(deps: ReleaseDeps, title: string, memoryKey: string): Promise<JobVariable[] | undefined> {
  const storeKey = `releasePilot.variables:${memoryKey}`;
  const last = deps.memory.get<JobVariable[]>(storeKey) ?? [];
  const variables: JobVariable[] = [];
  for (let index = 0; ; index++) {
    const previous = last[index];
    const answer = await deps.ask.input({
      title,
      prompt: `Variable ${index + 1} as KEY=value; leave empty to ${index === 0 ? 'run without variables' : 'finish'}`,
      value: previous ? `${previous.key}=${previous.value}` : '',
      placeholder: 'DEPLOY_REASON=hotfix',
      validate: (value) => {
        if (!value.trim()) return undefined;
        const cut = value.indexOf('=');
        if (cut <= 0) return 'Write KEY=value.';
        return KEY.test(value.slice(0, cut).trim()) ? undefined : 'A variable name has letters, digits and underscores, and does not start with a digit.';
      },
    });
    if (answer === undefined) return undefined;
    if (!answer.trim()) break;
    const cut = answer.indexOf('=');
    variables.push({ key: answer.slice(0, cut).trim(), value: answer.slice(cut + 1) });
  }
  await deps.memory.update(storeKey, variables.map((v) => (SECRET_LOOKING.test(v.key) ? { key: v.key, value: '' } : v)));
  return variables;
}
