import { Box, Text } from 'ink';
import stringWidth from 'string-width';
import { MODELS } from '#core/models/registry.js';
import { ScrollList } from '../components/ScrollList.js';
import { TextInput } from '../components/TextInput.js';
import { fit, wrap } from '../format.js';
import { loadLines } from '../model/loadLines.js';
import { shownLoad } from '../model/loads.js';
import { reviewLines } from '../model/reviewLines.js';
import type { AppState, Tone } from '../model/types.js';
import {
  modelProblem,
  selectedVariable,
  STEP_TITLES,
  WIZARD_STEPS,
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
function Completions({ wizard, width, height, theme }: StepProps) {
  if (wizard.completions.length === 0) return null;
  return (
    <ScrollList
      rows={wizard.completions.map((found) => ({
        key: found,
        text: fileName(found.replace(/\/$/, '')) + (found.endsWith('/') ? '/' : ''),
      }))}
      selected={-1}
      height={Math.max(1, height)}
      width={width}
      focused={false}
      theme={theme}
    />
  );
}

function PathStep(props: StepProps) {
  const { wizard, width, theme } = props;
  return (
    <Box flexDirection="column">
      <Field label="File (.mat, .h5): " wizard={wizard} field="path" width={width} />
      <Text {...toneProps(theme, 'muted')}>
        {wizard.reading !== null
          ? 'Reading the file... (Esc stops waiting)'
          : 'Tab completes the path; Enter opens the file.'}
      </Text>
      <Completions {...props} height={props.height - 3} />
    </Box>
  );
}

function VariableStep({ wizard, width, height, theme }: StepProps) {
  const variables = wizard.listing?.variables ?? [];
  return (
    <Box flexDirection="column">
      <Text>
        {fit(
          `${fileName(wizard.path.value)}: ${wizard.listing?.description ?? ''}. Which variable is the data?`,
          width,
        )}
      </Text>
      <ScrollList
        rows={variables.map((variable) => ({
          key: variable.name,
          text: `${variable.name}  ${variable.class}  ${variable.shape.join('x')}${variable.loadable ? '' : `  (cannot be loaded: ${variable.reason ?? 'not numeric'})`}`,
          ...(variable.loadable ? {} : { tone: 'muted' as const }),
        }))}
        selected={wizard.variable}
        height={Math.max(1, height - 2)}
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
  return (
    <Box flexDirection="column">
      <Text>
        {fit(
          `Model for ${variable?.name ?? '?'} (${variable?.shape.join('x') ?? '?'}); the likeliest is selected:`,
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

function NameStep({ wizard, width, theme }: StepProps) {
  const check = wizard.nameCheck;
  const name = wizard.name.value;
  let line: { text: string; tone: 'muted' | 'error' | 'warning' | 'success' } = {
    text: 'The dataset the data goes into.',
    tone: 'muted',
  };
  if (name !== '' && check === null) line = { text: 'checking the name...', tone: 'muted' };
  else if (check && !check.ok) line = { text: check.reason, tone: 'error' };
  else if (check?.ok)
    line = check.exists
      ? { text: `"${name}" exists: the load will append to it`, tone: 'warning' }
      : { text: 'a new dataset', tone: 'success' };
  return (
    <Box flexDirection="column">
      <Field label="Dataset name: " wizard={wizard} field="name" width={width} />
      <Text {...toneProps(theme, line.tone)}>{fit(line.text, width)}</Text>
    </Box>
  );
}

function ConfigStep(props: StepProps) {
  const { wizard, width, theme } = props;
  const value = wizard.config.value.trim();
  const line =
    value === ''
      ? {
          text: 'No config file: the model defaults and your settings only.',
          tone: 'muted' as const,
        }
      : wizard.configProblem === undefined
        ? { text: 'checking the config file...', tone: 'muted' as const }
        : wizard.configProblem
          ? { text: wizard.configProblem, tone: 'error' as const }
          : { text: `${fileName(value)} can be used.`, tone: 'success' as const };
  return (
    <Box flexDirection="column">
      <Field label="Config file (empty for none): " wizard={wizard} field="config" width={width} />
      <Text {...toneProps(theme, line.tone)}>{fit(line.text, width)}</Text>
      <Text {...toneProps(theme, 'muted')}>
        {fit("The data file's sibling .json is filled in when there is one.", width)}
      </Text>
      <Completions {...props} height={props.height - 4} />
    </Box>
  );
}

function OverridesStep({ wizard, width, theme }: StepProps) {
  return (
    <Box flexDirection="column">
      <Field label="Settings (key=value;...): " wizard={wizard} field="overrides" width={width} />
      {wizard.overridesProblem ? (
        <Text {...toneProps(theme, 'error')}>{fit(wizard.overridesProblem, width)}</Text>
      ) : (
        <Text {...toneProps(theme, 'muted')}>
          {fit(
            'e.g. timestamp=2004-06-30T00:00:00;title=My data (they win over the config file)',
            width,
          )}
        </Text>
      )}
    </Box>
  );
}

function ReviewStep({ wizard, width, height, theme }: StepProps) {
  const lines = reviewLines(wizard, width);
  const selected = wizard.review?.status === 'ready' ? wizard.reviewLine : -1;
  const current = lines[selected];
  const cut = current !== undefined && stringWidth(current.text) > width - 2;
  const detail = cut ? wrap(current.text, width).slice(0, 3) : [];
  return (
    <Box flexDirection="column">
      <ScrollList
        rows={lines.map((line, index) => ({
          key: String(index),
          text: line.text,
          tone: line.tone,
        }))}
        selected={selected}
        height={Math.max(1, height - detail.length)}
        width={width}
        focused
        theme={theme}
      />
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
  const number = WIZARD_STEPS.indexOf(wizard.step) + 1;
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
        {fit(
          `Load a file — step ${number} of ${WIZARD_STEPS.length}: ${STEP_TITLES[wizard.step]}`,
          width,
        )}
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
