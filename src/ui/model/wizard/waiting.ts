import { splitPattern } from '#core/operations/load/index.js';
import { siblingConfigPath } from '#core/operations/load/plan.js';
import { firstFile, type WizardState } from './state.js';

const fileName = (path: string) => path.split(/[\\/]/).pop() || path;
const folderOf = (typed: string) => {
  const slash = Math.max(typed.lastIndexOf('/'), typed.lastIndexOf('\\'));
  return slash === -1 ? 'the current folder' : typed.slice(0, slash + 1);
};

/**
 * What the step is waiting for, as the line that says so, or null when it waits for nothing.
 * Each check answers (its failure too); one still running a second after it started says what
 * it waits for and how to stop waiting, in its "Still ..." form.
 */
export function waitingLine(wizard: WizardState): string | null {
  const slow = wizard.slow;
  switch (wizard.step) {
    case 'path': {
      if (wizard.reading !== null) {
        const typed = wizard.path.value.trim();
        const pattern = splitPattern(typed);
        if (pattern && wizard.files === null)
          return slow
            ? `Still listing ${pattern.path}: its disk has not answered (Esc stops waiting)`
            : `Listing the files that match ${pattern.pattern}... (Esc stops waiting)`;
        const file = fileName(firstFile(wizard));
        return slow
          ? `Still reading ${file}: a large file, or a slow disk (Esc stops waiting)`
          : `Reading ${file}... (Esc stops waiting)`;
      }
      return completingLine(wizard);
    }
    case 'name':
      if (wizard.name.value === '' || wizard.nameCheck !== null) return null;
      return slow
        ? `Still waiting for the server to say whether "${wizard.name.value}" exists (Esc goes back)`
        : 'checking the name...';
    case 'config':
      if (wizard.siblingPending) {
        const sibling = fileName(siblingConfigPath(wizard.path.value.trim()));
        return slow
          ? `Still looking for ${sibling} beside the data file: its disk has not answered`
          : `looking for ${sibling} beside the data file...`;
      }
      if (wizard.config.value.trim() !== '' && wizard.configProblem === undefined)
        return slow
          ? `Still reading ${fileName(wizard.config.value.trim())}: its disk has not answered (Esc goes back)`
          : 'checking the config file...';
      return completingLine(wizard);
    case 'review':
      if (wizard.review?.status !== 'checking') return null;
      return slow
        ? `Still checking the load: reading ${fileName(firstFile(wizard))} and asking the server about "${wizard.name.value}" (Esc goes back)`
        : 'Checking the load (a dry run)...';
    default:
      return null;
  }
}

/** Tab's listing, once it is slow (a quick one is not worth a line that flashes by). */
function completingLine(wizard: WizardState): string | null {
  if (wizard.completing === null || !wizard.slow) return null;
  return `Still listing ${folderOf(wizard.completing)}: its disk has not answered (keep typing, or wait)`;
}
