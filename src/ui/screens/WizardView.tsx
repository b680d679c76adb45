import { Box, Text } from 'ink';
import stringWidth from 'string-width';
import { MODELS } from '#core/models/registry.js';
import { plural } from '#core/text/plural.js';
import { Completions } from '../components/Completions.js';
import { ScrollList } from '../components/ScrollList.js';
import { TextInput } from '../components/TextInput.js';
import { fit, wrap } from '../format.js';
import { loadLines } from '../model/loadLines.js';
import { shownLoad } from '../model/loads.js';
import { reviewLines, reviewWarningLines } from '../model/reviewLines.js';
import type { AppState, Tone } from '../model/types.js';
import { overridesWarnings } from '../model/wizard/request.js';
import { waitingLine } from '../model/wizard/waiting.js';
import {
  firstFile,
  modelProblem,
  selectedVariable,
  STEP_TITLES,
  stepsOf,
  type WizardState,
} from '../model/wizard/state.js';
import { toneProps, type Theme } from '../theme.js';

interface StepProps {
  app: AppState;
  wizard: WizardState;
  width: number;
  height: number;
  theme: Theme;
}

const fileName = (path: string) => path.split(/[\\/]/).pop() ?? path;

function Field({
  label,
  wizard,
  field,
  width,
}: {
  label: string;
  wizard: WizardState;
  field: 'path' | 'name' | 'config' | 'overrides';
  width: number;
}) {
  return (
    <Box>
      <Text>{label}</Text>
      <TextInput field={wizard[field]} width={Math.max(10, width - stringWidth(label))} />
    </Box>
  );
}

/** Names Tab found, as a list under the field (a few, and how many more). */
function WizardCompletions({ wizard, width, height, theme }: StepProps) {
  return (
    <Completions
      found={wizard.completions}
      paths={wizard.step !== 'name'}
      width={width}
      height={height}
      theme={theme}
    />
  );
}

/** What the step waits for, or else its hint. */
function WaitingOr({
  wizard,
  hint,
  width,
  theme,
}: {
  wizard: WizardState;
  hint: string;
  width: number;
  theme: Theme;
}) {
  const waiting = waitingLine(wizard);
  return (
    <Text {...toneProps(theme, waiting && wizard.slow ? 'warning' : 'muted')}>
      {fit(waiting ?? hint, width)}
    </Text>
  );
}

function PathStep(props: StepProps) {
  const { wizard, width, theme } = props;
  const offered = wizard.offered?.folder && wizard.path.value === wizard.offered.folder;
  return (
    <Box flexDirection="column">
      <Field
        label={wizard.verify ? 'File: ' : 'File, or folder/*.mat: '}
        wizard={wizard}
        field="path"
        width={width}
      />
      <WaitingOr
        wizard={wizard}
        hint={
          wizard.verify
            ? `Tab completes the path; Enter opens the file to compare with "${wizard.verify.name}".`
            : offered
              ? "In the last load's folder: Tab lists it; Enter opens a file or a pattern's."
              : "Tab completes the path; Enter opens the file, or a pattern's files."
        }
        width={width}
        theme={theme}
      />
      <WizardCompletions {...props} height={props.height - 3} />
    </Box>
  );
}

function VariableStep({ wizard, width, height, theme }: StepProps) {
  const variables = wizard.listing?.variables ?? [];
  const files = wizard.files;
  const pattern = fileName(wizard.path.value.trim());
  return (
    <Box flexDirection="column">
      {files && (
        <Text>
          {fit(
            `${plural(files.length, 'file')} match ${pattern}, to load in name order; the first:`,
            width,
          )}
        </Text>
      )}
      <Text>
        {fit(
          `Which variable is the data? ${fileName(firstFile(wizard))}: ${wizard.listing?.description ?? ''}`,
          width,
        )}
      </Text>
      <ScrollList
        rows={variables.map((variable) => ({
          key: variable.name,
          text: `${variable.name}  ${variable.class}  ${variable.dimensions ? `(${variable.dimensions.map((d, k) => `${d}=${variable.shape[k]}`).join(', ')})` : variable.shape.join('x')}${variable.detail ? `  ${variable.detail}` : ''}${variable.loadable ? '' : `  (cannot be loaded: ${variable.reason ?? 'not numeric'})`}`,
          ...(variable.loadable ? {} : { tone: 'muted' as const }),
        }))}
        selected={wizard.variable}
        height={Math.max(1, height - (files ? 3 : 2))}
        width={width}
        focused
        theme={theme}
      />
    </Box>
  );
}

function ModelStep({ wizard, width, height, theme }: StepProps) {
  const variable = selectedVariable(wizard);
  const chosen = MODELS[wizard.model];
  const problem = chosen ? modelProblem(chosen, variable) : null;
  const rows = MODELS.map((model) => {
    const misfit = modelProblem(model, variable);
    return {
      key: model.name,
      text: `${model.name.padEnd(22)} ${misfit ? 'does not fit' : model.description}`,
      ...(misfit ? { tone: 'muted' as const } : {}),
    };
  });
  const whose =
    chosen?.name === wizard.verify?.model
      ? "the dataset's"
      : chosen?.name === wizard.offered?.model
        ? "the last load's"
        : 'the likeliest';
  return (
    <Box flexDirection="column">
      <Text>
        {fit(
          `Model for ${variable?.name ?? '?'} (${variable?.shape.join('x') ?? '?'}); ${whose} is selected:`,
          width,
        )}
      </Text>
      <ScrollList
        rows={rows}
        selected={wizard.model}
        height={Math.min(MODELS.length, Math.max(1, height - 4))}
        width={width}
        focused
        theme={theme}
      />
      {chosen && (
        <Text {...toneProps(theme, problem ? 'warning' : 'muted')}>
          {fit(problem ? `${chosen.name} does not fit: ${problem}` : chosen.description, width)}
        </Text>
      )}
    </Box>
  );
}

function NameStep(props: StepProps) {
  const { wizard, width, theme } = props;
  const check = wizard.nameCheck;
  const name = wizard.name.value;
  const waiting = waitingLine(wizard);
  let line: { text: string; tone: 'muted' | 'error' | 'warning' | 'success' } = {
    text: 'The dataset to load into; Tab completes the name of one there is (to append).',
    tone: 'muted',
  };
  if (waiting) line = { text: waiting, tone: wizard.slow ? 'warning' : 'muted' };
  else if (check && !check.ok) line = { text: check.reason, tone: 'error' };
  else if (check?.ok)
    line = check.exists
      ? { text: `"${name}" exists: the load will append to it`, tone: 'warning' }
      : { text: 'a new dataset', tone: 'success' };
  return (
    <Box flexDirection="column">
      <Field label="Dataset name: " wizard={wizard} field="name" width={width} />
      <Text {...toneProps(theme, line.tone)}>{fit(line.text, width)}</Text>
      <WizardCompletions {...props} height={props.height - 3} />
    </Box>
  );
}

function ConfigStep(props: StepProps) {
  const { wizard, width, theme } = props;
  const value = wizard.config.value.trim();
  const waiting = waitingLine(wizard);
  const batch = wizard.files !== null;
  const line = waiting
    ? { text: waiting, tone: wizard.slow ? ('warning' as const) : ('muted' as const) }
    : value === ''
      ? {
          text: batch
            ? "Empty: each file's own .json beside it, where there is one."
            : 'No config file: the model defaults and your settings only.',
          tone: 'muted' as const,
        }
      : wizard.configProblem
        ? { text: wizard.configProblem, tone: 'error' as const }
        : { text: `${fileName(value)} can be used.`, tone: 'success' as const };
  const offered = wizard.offered?.config;
  const hint =
    offered && !offered.sibling && offered.path === value
      ? value === ''
        ? 'No config file, as for the last load; type a path for one.'
        : "The last load's config file; Ctrl-U clears it (none)."
      : batch
        ? 'A path: that config file for every file.'
        : "The data file's sibling .json is filled in when there is one.";
  return (
    <Box flexDirection="column">
      <Field label="Config file (empty for none): " wizard={wizard} field="config" width={width} />
      <Text {...toneProps(theme, line.tone)}>{fit(line.text, width)}</Text>
      <Text {...toneProps(theme, 'muted')}>{fit(hint, width)}</Text>
      <WizardCompletions {...props} height={props.height - 4} />
    </Box>
  );
}

function OverridesStep({ wizard, width, theme }: StepProps) {
  const warnings = overridesWarnings(wizard.overrides.value);
  const offered =
    wizard.offered !== null &&
    wizard.offered.overrides !== '' &&
    wizard.overrides.value.trim() === wizard.offered.overrides;
  return (
    <Box flexDirection="column">
      <Field label="Settings (key=value;...): " wizard={wizard} field="overrides" width={width} />
      {wizard.overridesProblem ? (
        <Text {...toneProps(theme, 'error')}>{fit(wizard.overridesProblem, width)}</Text>
      ) : (
        <Text {...toneProps(theme, 'muted')}>
          {fit(
            offered
              ? "The last load's settings (they win over the config file); Ctrl-U clears them."
              : 'e.g. timestamp=2004-06-30T00:00:00;title=My data (they win over the config file)',
            width,
          )}
        </Text>
      )}
      {warnings
        .flatMap((warning) => wrap(warning, width))
        .slice(0, 4)
        .map((line, index) => (
          <Text key={index} {...toneProps(theme, 'warning')}>
            {fit(line, width)}
          </Text>
        ))}
    </Box>
  );
}

function ReviewStep({ wizard, width, height, theme }: StepProps) {
  const lines = reviewLines(wizard, width);
  // The data warnings, highlighted above the Enter line; the selection runs on into them.
  const warnings = reviewWarningLines(wizard);
  const selected = wizard.review?.status === 'ready' ? wizard.reviewLine : -1;
  const current = lines[selected] ?? warnings[selected - lines.length];
  const cut = current !== undefined && stringWidth(current.text) > width - 2;
  const detail = cut ? wrap(current.text, width).slice(0, 3) : [];
  const warningHeight = Math.min(warnings.length, Math.max(2, Math.floor(height / 3)));
  const rows = (shown: typeof lines, key: string) =>
    shown.map((line, index) => ({
      key: `${key}${index}`,
      text: line.text,
      tone: line.tone,
      bold: key === 'w',
    }));
  return (
    <Box flexDirection="column">
      <ScrollList
        rows={rows(lines, 'r')}
        selected={selected < lines.length ? selected : -1}
        height={Math.max(1, height - detail.length - warningHeight)}
        width={width}
        focused
        theme={theme}
      />
      {warnings.length > 0 && (
        <ScrollList
          rows={rows(warnings, 'w')}
          selected={selected >= lines.length ? selected - lines.length : -1}
          height={warningHeight}
          width={width}
          focused
          theme={theme}
        />
      )}
      {detail.map((line, index) => (
        <Text key={index} {...toneProps(theme, 'muted')}>
          {fit(line, width)}
        </Text>
      ))}
    </Box>
  );
}

/** Lines to read (no selection) that scroll if they do not fit. */
function Lines(props: {
  lines: Array<{ text: string; tone: Tone }>;
  width: number;
  height: number;
  theme: Theme;
}) {
  return (
    <ScrollList
      rows={props.lines.map((line, index) => ({ key: String(index), ...line }))}
      selected={-1}
      height={props.height}
      width={props.width}
      focused={false}
      theme={props.theme}
    />
  );
}

/** The load this wizard started: its phase and clock as it runs, then how it ended. */
function LoadStep({ app, width, height, theme }: StepProps) {
  const job = shownLoad(app);
  if (!job) return null;
  return (
    <Lines lines={loadLines(job.run, width - 2)} width={width} height={height} theme={theme} />
  );
}

/** The guided load, a step at a time: the title says where the operator is. */
export function WizardView({
  app,
  wizard,
  height,
  theme,
}: {
  app: AppState;
  wizard: WizardState;
  height: number;
  theme: Theme;
}) {
  const width = app.size.columns;
  const steps = stepsOf(wizard);
  const number = steps.indexOf(wizard.step) + 1;
  const what = wizard.verify ? `Verify "${wizard.verify.name}" against a file` : 'Load a file';
  const errorLines = wizard.error ? wrap(wizard.error, width).slice(0, 3) : [];
  const props = { app, wizard, width, height: Math.max(1, height - 2 - errorLines.length), theme };
  const Body = {
    path: PathStep,
    variable: VariableStep,
    model: ModelStep,
    name: NameStep,
    config: ConfigStep,
    overrides: OverridesStep,
    review: ReviewStep,
    load: LoadStep,
  }[wizard.step];
  return (
    <Box flexDirection="column" height={height}>
      <Text bold>
        {fit(`${what} — step ${number} of ${steps.length}: ${STEP_TITLES[wizard.step]}`, width)}
      </Text>
      <Box flexDirection="column" height={props.height + 1}>
        <Body {...props} />
      </Box>
      {errorLines.map((line, index) => (
        <Text key={index} {...toneProps(theme, 'error')}>
          {fit(line, width)}
        </Text>
      ))}
    </Box>
  );
}
