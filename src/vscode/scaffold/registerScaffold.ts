import type { FeatureContext } from '../featureContext';
import { Commands } from '../ids';
import { createReleasePipeline } from './createReleasePipeline';

/** "Create Release Pipeline": the release-flow scaffold written into a workspace folder. */
export function registerScaffold(context: FeatureContext): void {
  const { store, commands, ask, logger, settings } = context;
  store.add(commands.register(Commands.createReleasePipeline, (folder) => createReleasePipeline({ ask, logger, settings }, folder)));
}
