import { matrixExtent } from '#core/formats/loadable.js';
import type { VariableInfo } from '#core/formats/types.js';
import type { FileListing } from '#core/operations/inspectFile.js';
import type { ExistingPolicy } from '#core/operations/load/plan.js';
import type { LoadReview } from '#core/operations/load/review.js';
import type { ModelDefinition } from '#core/models/types.js';
import type { NameCheck } from '../../services.js';
import { textField, type TextField } from '../textField.js';

/** The steps of the guided load, in order; the first six ask, the last two do. */
export const WIZARD_STEPS = [
  'path',
  'variable',
  'model',
  'name',
  'config',
  'overrides',
  'review',
  'load',
] as const;
export type WizardStep = (typeof WIZARD_STEPS)[number];

export const STEP_TITLES: Record<WizardStep, string> = {
  path: 'the file',
  variable: 'the variable',
  model: 'the model',
  name: 'the dataset name',
  config: 'the config file',
  overrides: 'settings',
  review: 'review',
  load: 'loading',
};

export type ReviewStatus =
  | { status: 'checking'; sequence: number }
  | { status: 'ready'; review: LoadReview }
  | { status: 'failed'; text: string; existingTimes: boolean };

export interface WizardState {
  step: WizardStep;
  path: TextField;
  /** Names Tab found for the path or config field, until the next edit. */
  completions: string[];
  /** The inspect in flight (Enter on the path), by request number. */
  reading: number | null;
  listing: FileListing | null;
  variable: number;
  model: number;
  name: TextField;
  nameCheck: NameCheck | null;
  /** Enter was pressed before the name's check answered: go on when it does. */
  nameSubmitted: boolean;
  config: TextField;
  /** The config field was edited by the operator (the sibling .json is not filled in over it). */
  configEdited: boolean;
  /** undefined while the check runs. */
  configProblem: string | null | undefined;
  /** Enter was pressed before the config file's check answered: go on when it does. */
  configSubmitted: boolean;
  overrides: TextField;
  overridesProblem: string | null;
  existing: ExistingPolicy;
  review: ReviewStatus | null;
  /** The selected line of the review (it scrolls). */
  reviewLine: number;
  /** Why the step cannot go on, until the next key. */
  error: string | null;
}

export function initialWizard(): WizardState {
  return {
    step: 'path',
    path: textField(),
    completions: [],
    reading: null,
    listing: null,
    variable: 0,
    model: 0,
    name: textField(),
    nameCheck: null,
    nameSubmitted: false,
    config: textField(),
    configEdited: false,
    configProblem: null,
    configSubmitted: false,
    overrides: textField(),
    overridesProblem: null,
    existing: 'error',
    review: null,
    reviewLine: 0,
    error: null,
  };
}

/** The text field the step types into, or null on the steps that are lists. */
export function focusedField(wizard: WizardState): 'path' | 'name' | 'config' | 'overrides' | null {
  return wizard.step === 'path' ||
    wizard.step === 'name' ||
    wizard.step === 'config' ||
    wizard.step === 'overrides'
    ? wizard.step
    : null;
}

export function selectedVariable(wizard: WizardState): VariableInfo | null {
  return wizard.listing?.variables[wizard.variable] ?? null;
}

/** Why a model cannot read the chosen variable, or null. */
export function modelProblem(model: ModelDefinition, variable: VariableInfo | null): string | null {
  if (!variable) return null;
  const { rows, columns } = matrixExtent(variable.shape);
  return model.shapeProblem(rows, columns);
}

/** What the wizard shows as an error now: the step's, or the review's refusal. */
export function wizardError(wizard: WizardState): string | null {
  if (wizard.error) return wizard.error;
  return wizard.step === 'review' && wizard.review?.status === 'failed'
    ? `The load would fail: ${wizard.review.text}`
    : null;
}
