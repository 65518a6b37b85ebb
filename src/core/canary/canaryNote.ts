import type { GateNote, TreeIcon } from '../lanes/treeModel';
import type { CanaryHealthEntry } from './canaryHealthEntry';

type Verdict = CanaryHealthEntry['report']['verdict'];

/** How each verdict looks under the canary gate in the lanes. */
const VERDICT_ICONS: Readonly<Record<Verdict, TreeIcon>> = {
  healthy: { id: 'pass', color: 'testing.iconPassed' },
  suspect: { id: 'warning', color: 'charts.yellow' },
  failing: { id: 'error', color: 'testing.iconFailed' },
  unknown: { id: 'question', color: 'disabledForeground' },
};

/** The tree line for a canary check; nothing until a check ran. Clicking it re-checks and opens the panel. */
export function canaryNote(entry: CanaryHealthEntry | undefined): GateNote | undefined {
  if (!entry) return undefined;
  return {
    label: entry.summary,
    tooltip: `${entry.report.explanation}\nChecked ${new Date(entry.checkedAt).toLocaleTimeString()}. Click to check again and see the numbers.`,
    icon: VERDICT_ICONS[entry.report.verdict],
  };
}
