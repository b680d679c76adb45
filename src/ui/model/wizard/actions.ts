import { matrixExtent } from '#core/formats/loadable.js';
import { guessModel, MODELS } from '#core/models/registry.js';
import type { ModelDefinition } from '#core/models/types.js';
import { toBrowse } from '../browse.js';
import { bodyHeight } from '../layout.js';
import {
  cancelLoad,
  closeLoad,
  forgetLoad,
  leaveLoadRunning,
  loadingReason,
  reviewAgain,
  startLoad,
} from '../loads.js';
import { isListMove, moveSelection, type ListMove } from '../listCursor.js';
import { reviewLines, reviewWarningLines } from '../reviewLines.js';
import type { AppState, Step } from '../types.js';
import type { WizardAction } from './bindings.js';
import { splitPattern } from '#core/operations/load/index.js';
import { textField } from '../textField.js';
import { commonPrefix } from './messages.js';
import { startVerify } from '../verifyScreen.js';
import { loadAnswers } from './request.js';
import {
  firstFile,
  modelProblem,
  selectedVariable,
  stepsOf,
  type WizardState,
  type WizardStep,
} from './state.js';
import { checking, go, startReview, submitConfig, submitName, update } from './steps.js';

export function wizardAction(app: AppState, wizard: WizardState, action: WizardAction): Step {
  if (isListMove(action)) return moveInStep(app, wizard, action);
  switch (action) {
    case 'open': {
      const sequence = app.sequence + 1;
      const path = wizard.path.value.trim();
      if (wizard.verify && splitPattern(path))
        return update(app, {
          ...wizard,
          error: 'verify compares one file with the dataset: type a file, not a pattern',
        });
      return checking(
        { ...app, sequence },
        { ...wizard, reading: sequence, files: null, error: null, completions: [] },
        splitPattern(path)
          ? { type: 'matchFiles', typed: path, sequence }
          : { type: 'inspectFile', path, sequence },
      );
    }
    case 'complete': {
      if (wizard.step === 'name') return completeName(app, wizard);
      const field = wizard.step === 'config' ? 'config' : 'path';
      const typed = wizard[field].value;
      return checking(
        app,
        { ...wizard, completing: typed },
        { type: 'completePath', field, typed },
      );
    }
    case 'choose':
      return wizard.step === 'variable' ? chooseVariable(app, wizard) : chooseModel(app, wizard);
    case 'next':
      if (wizard.step === 'name') return submitName(app, { ...wizard, nameSubmitted: true });
      return submitConfig(app, { ...wizard, configSubmitted: true });
    case 'review':
      if (wizard.overridesProblem)
        return update(app, { ...wizard, error: wizard.overridesProblem });
      return wizard.verify ? startVerify(app, wizard) : startReview(app, wizard);
    case 'start': {
      // A second load of a dataset being loaded is refused here, before the journal would.
      const busy = loadingReason(app, wizard.name.value);
      if (busy) return update(app, { ...wizard, error: busy });
      // Data warnings: the first Enter only asks for a second one.
      const { review } = wizard;
      if (review?.status === 'ready' && review.review.checks.length > 0 && !review.confirmed) {
        const above = reviewLines(wizard, app.size.columns).length;
        return update(app, {
          ...wizard,
          review: { ...review, confirmed: true },
          reviewLine: Math.max(wizard.reviewLine, above + 1),
        });
      }
      return startLoad({ ...app, lastLoad: loadAnswers(wizard) }, wizard);
    }
    case 'skipExisting':
      return startReview(app, { ...wizard, existing: 'skip' });
    case 'replaceExisting':
      return startReview(app, { ...wizard, existing: 'replace' });
    case 'refuseExisting':
      return startReview(app, { ...wizard, existing: 'error' });
    case 'cancel':
      return cancelLoad(app, wizard.name.value);
    case 'toList':
      return leaveLoadRunning(app, wizard.name.value);
    case 'close':
      return closeLoad(app, wizard.name.value);
    case 'back':
      return back(app, wizard);
  }
}

/** The lists: the variables, the models, and the review's lines. */
function moveInStep(app: AppState, wizard: WizardState, move: ListMove): Step {
  const page = Math.max(1, bodyHeight(app.size) - 4);
  if (wizard.step === 'variable') {
    const count = wizard.listing?.variables.length ?? 0;
    return update(app, {
      ...wizard,
      variable: moveSelection(wizard.variable, count, move, page),
      error: null,
    });
  }
  if (wizard.step === 'model')
    return update(app, {
      ...wizard,
      model: moveSelection(wizard.model, MODELS.length, move, page),
      error: null,
    });
  const lines = wizard.review
    ? reviewLines(wizard, app.size.columns).length + reviewWarningLines(wizard).length
    : 0;
  return update(app, {
    ...wizard,
    reviewLine: moveSelection(wizard.reviewLine, lines, move, page),
  });
}

function back(app: AppState, wizard: WizardState): Step {
  switch (wizard.step) {
    case 'path':
      // A read in flight is abandoned: its answer will find no request waiting.
      return wizard.reading !== null ? update(app, { ...wizard, reading: null }) : toBrowse(app);
    case 'load': {
      // After a failure or a cancel: the review again (checked again), every answer kept.
      const kept = reviewAgain(app, wizard.name.value);
      return kept
        ? startReview(forgetLoad(app, wizard.name.value), kept)
        : closeLoad(app, wizard.name.value);
    }
    default: {
      const steps = stepsOf(wizard);
      const index = steps.indexOf(wizard.step);
      return go(app, { ...wizard, review: null }, steps[index - 1] as WizardStep);
    }
  }
}

const fileName = (path: string) => path.split(/[\\/]/).pop() ?? path;

function chooseVariable(app: AppState, wizard: WizardState): Step {
  const variable = selectedVariable(wizard);
  if (!variable) return update(app, { ...wizard, error: 'the file holds no variables' });
  if (!variable.loadable)
    return update(app, {
      ...wizard,
      error: `${variable.name} cannot be loaded: ${variable.reason ?? 'it is not a numeric matrix'}`,
    });
  const { rows, columns } = matrixExtent(variable.shape);
  // The dataset's model (a verify), or the last load's, if it fits; else the likeliest.
  const offered = MODELS.find(
    (model) => model.name === (wizard.verify?.model ?? wizard.offered?.model),
  );
  const likely =
    offered && !modelProblem(offered, variable)
      ? offered
      : (MODELS.find((model) => !modelProblem(model, variable) && variable.dimensions) ??
        guessModel(fileName(firstFile(wizard)), rows, columns));
  return go(app, { ...wizard, model: Math.max(0, MODELS.indexOf(likely)) }, 'model');
}

/** Tab on the name: the names of the datasets in the list that start with what is typed. */
function completeName(app: AppState, wizard: WizardState): Step {
  const typed = wizard.name.value;
  const found = (app.datasets ?? [])
    .map((row) => row.name)
    .filter((name) => name.startsWith(typed))
    .sort();
  if (found.length === 0)
    return update(app, {
      ...wizard,
      completions: [],
      error: app.datasets?.length
        ? `no dataset name starts with "${typed}": this will be a new dataset`
        : 'there are no datasets yet: this will be a new dataset',
    });
  const prefix = commonPrefix(found);
  const completions = found.length > 1 ? found : [];
  if (prefix === typed) return update(app, { ...wizard, completions, error: null });
  return checking(
    app,
    { ...wizard, name: textField(prefix), nameCheck: null, completions, error: null },
    { type: 'checkName', name: prefix },
  );
}

function chooseModel(app: AppState, wizard: WizardState): Step {
  const model = MODELS[wizard.model] as ModelDefinition;
  const variable = selectedVariable(wizard);
  const problem = modelProblem(model, variable);
  if (problem)
    return update(app, {
      ...wizard,
      error: `${model.name} does not fit ${variable?.name} (${variable?.shape.join('x')}): ${problem}`,
    });
  // A verify's name is the dataset's: on to the config file, as after the name.
  if (wizard.verify) return submitName(app, wizard);
  return go(
    app,
    wizard,
    'name',
    ...(wizard.name.value ? [{ type: 'checkName' as const, name: wizard.name.value }] : []),
  );
}
