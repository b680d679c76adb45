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

/**
 * `v` on the list asks the same questions of a file, but no name (the dataset's) and no
 * review: Enter on the settings compares the file with the dataset (verifyScreen.ts).
 */
export const VERIFY_STEPS: readonly WizardStep[] = [
  'path',
  'variable',
  'model',
  'config',
  'overrides',
];

/** The dataset a verify compares the file with, and the model that loads its kind. */
export interface VerifyTarget {
  name: string;
  model: string;
}

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
  /** `confirmed`: Enter was pressed once on a review with data warnings; the next one loads. */
  | { status: 'ready'; review: LoadReview; confirmed?: boolean }
  | { status: 'failed'; text: string; existingTimes: boolean };

/**
 * What the last load was asked (remembered when it starts), offered again to the next one:
 * its folder, model, config file and settings.
 */
export interface LoadAnswers {
  /** The folder of its file (or of its pattern), with a trailing "/"; "" for the current one. */
  folder: string;
  model: string;
  /** The data file's own .json (so the next file's own), or the path typed ("" for none). */
  config: { sibling: true } | { sibling: false; path: string };
  overrides: string;
}

/** A check that waits for something outside the UI (a disk, the server), by step. */
export type WizardCheck = 'read' | 'complete' | 'name' | 'sibling' | 'config' | 'review';

export interface WizardState {
  step: WizardStep;
  path: TextField;
  /** Names Tab found for the path, name or config field, until the next edit. */
  completions: string[];
  /** Tab's listing in flight, for the text it completes (its answer is dropped once edited). */
  completing: string | null;
  /** The inspect in flight (Enter on the path), by request number. */
  reading: number | null;
  /** `folder/*.mat`: the files it matches, in the order they load (null: one file). */
  files: string[] | null;
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
  /** Looking for the data file's sibling .json, to fill it in (the step says so). */
  siblingPending: boolean;
  overrides: TextField;
  overridesProblem: string | null;
  existing: ExistingPolicy;
  review: ReviewStatus | null;
  /** The selected line of the review (it scrolls). */
  reviewLine: number;
  /** Why the step cannot go on, until the next key. */
  error: string | null;
  /** The last load's answers, offered again (the fields were filled in with them). */
  offered: LoadAnswers | null;
  /** The reminder asked for when the newest check started (a second later it says "still"). */
  reminder: number | null;
  /** That reminder came: a check still running says what it waits for. */
  slow: boolean;
  /** Verifying this dataset against the file, not loading it (VERIFY_STEPS). */
  verify: VerifyTarget | null;
}

/** The wizard as it opens: empty, or with the last load's answers filled in. */
export function initialWizard(
  offered: LoadAnswers | null = null,
  verify: VerifyTarget | null = null,
): WizardState {
  const config = offered && !offered.config.sibling ? offered.config.path : '';
  return {
    step: 'path',
    path: textField(offered?.folder ?? ''),
    completions: [],
    completing: null,
    reading: null,
    files: null,
    listing: null,
    variable: 0,
    model: 0,
    // A verify's name is the dataset's own, known to exist: its step is left out.
    name: textField(verify?.name ?? ''),
    nameCheck: verify ? { ok: true, exists: true } : null,
    nameSubmitted: false,
    config: textField(config),
    // A path typed last time is kept over the next file's own .json, and checked again.
    configEdited: offered !== null && !offered.config.sibling,
    configProblem: config === '' ? null : undefined,
    configSubmitted: false,
    siblingPending: false,
    // A load only starts with settings that parse: what is offered again needs no check.
    overrides: textField(offered?.overrides ?? ''),
    overridesProblem: null,
    existing: 'error',
    review: null,
    reviewLine: 0,
    error: null,
    offered,
    reminder: null,
    slow: false,
    verify,
  };
}

/** The steps this wizard goes through: a load's, or a verify's. */
export const stepsOf = (wizard: WizardState): readonly WizardStep[] =>
  wizard.verify ? VERIFY_STEPS : WIZARD_STEPS;

/** The text field the step types into, or null on the steps that are lists. */
export function focusedField(wizard: WizardState): 'path' | 'name' | 'config' | 'overrides' | null {
  return wizard.step === 'path' ||
    wizard.step === 'name' ||
    wizard.step === 'config' ||
    wizard.step === 'overrides'
    ? wizard.step
    : null;
}

/** The file the variable and model steps describe: the one file, or a pattern's first. */
export function firstFile(wizard: WizardState): string {
  return wizard.files?.[0] ?? wizard.path.value.trim();
}

export function selectedVariable(wizard: WizardState): VariableInfo | null {
  return wizard.listing?.variables[wizard.variable] ?? null;
}

/** Why a model cannot read the chosen variable, or null. */
export function modelProblem(model: ModelDefinition, variable: VariableInfo | null): string | null {
  if (!variable) return null;
  // A NetCDF variable (it has named dimensions) is read by a model of N-dimensional variables.
  if (variable.dimensions)
    return model.readFile ? null : 'it is a NetCDF variable, not a 2-D matrix: NetCDFGrid reads it';
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
