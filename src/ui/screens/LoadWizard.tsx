import { Box, Text, useInput } from 'ink';
import SelectInput from 'ink-select-input';
import TextInput from 'ink-text-input';
import { useEffect, useRef, useState } from 'react';
import type { VariableInfo } from '#core/formats/types.js';
import { guessModel, MODELS } from '#core/models/registry.js';
import type { LoadProgress, LoadResult } from '#core/operations/load/execute.js';
import type { LoadRequest } from '#core/operations/load/plan.js';
import type { LoadReview } from '#core/operations/load/review.js';
import { describeValue, formatNumber, truncate } from '../format.js';
import type { UiServices } from '../services.js';
import type { Theme } from '../theme.js';
import { useNameCheck, useSubmitWhenChecked } from './Dialogs.js';

type Step = 'path' | 'variable' | 'model' | 'name' | 'config' | 'overrides' | 'review' | 'progress';
const STEPS: Step[] = [
  'path',
  'variable',
  'model',
  'name',
  'config',
  'overrides',
  'review',
  'progress',
];

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function fileName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

/** The longest common start of some strings (what Tab can complete without choosing). */
export function commonPrefix(values: string[]): string {
  if (values.length === 0) return '';
  let prefix = values[0] as string;
  for (const value of values) while (!value.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}

export interface LoadWizardProps {
  services: UiServices;
  width: number;
  theme: Theme;
  /** The dataset loaded, or null when cancelled. */
  onDone(dataset: string | null): void;
}

/**
 * The guided load: path (Tab completes), variable, model (the likeliest preselected), dataset
 * name (checked as typed), config, overrides (checked as typed), review (a dry run), then the
 * load with live progress. Esc goes back a step; during the load it cancels, and the load
 * undoes what it wrote.
 */
export function LoadWizard({ services, width, theme, onDone }: LoadWizardProps) {
  const [step, setStep] = useState<Step>('path');
  const [path, setPathState] = useState('');
  // Keys can arrive before the next render; handlers read the newest path from here.
  const pathRef = useRef('');
  const setPath = (value: string) => {
    pathRef.current = value;
    setPathState(value);
  };
  const [completions, setCompletions] = useState<string[]>([]);
  // A new key remounts the input so its cursor moves to the end of a completed path.
  const [completed, setCompleted] = useState(0);
  const [variables, setVariables] = useState<VariableInfo[]>([]);
  const [variable, setVariable] = useState<VariableInfo | null>(null);
  const [model, setModel] = useState<string>(MODELS[0]?.name ?? '');
  const [name, setName] = useState('');
  const [config, setConfig] = useState('');
  const [overrides, setOverrides] = useState('');
  const [review, setReview] = useState<LoadReview | null>(null);
  const [progress, setProgress] = useState<LoadProgress | null>(null);
  const [result, setResult] = useState<LoadResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const abort = useRef<AbortController | null>(null);
  const nameCheck = useNameCheck(services, name);
  const submitName = useSubmitWhenChecked(
    nameCheck,
    name,
    (result) => result.ok,
    () => toConfig(),
  );
  const overridesProblem = overrides.trim() ? services.checkOverrides(overrides) : null;

  const go = (next: Step) => {
    setError(null);
    setStep(next);
  };
  const back = () => {
    const index = STEPS.indexOf(step);
    if (index === 0) onDone(null);
    else go(STEPS[index - 1] as Step);
  };
  const request = (): LoadRequest => {
    // The variable chosen in the wizard goes last, so it wins over a var_name in the config.
    const allOverrides = [overrides.trim(), variable ? `var_name=${variable.name}` : '']
      .filter(Boolean)
      .join(';');
    return {
      path,
      model,
      name,
      ...(config.trim() ? { configFile: config.trim() } : {}),
      ...(allOverrides ? { overrides: allOverrides } : {}),
    };
  };

  useInput(
    (_input, key) => {
      if (key.escape) {
        if (step === 'progress') abort.current?.abort();
        else back();
      }
      if (key.tab && step === 'path') {
        const typed = pathRef.current;
        services.completePath(typed).then(
          (found) => {
            setCompletions(found);
            const prefix = commonPrefix(found);
            if (prefix.length > typed.length && pathRef.current === typed) {
              setPath(prefix);
              setCompleted((count) => count + 1);
            }
          },
          () => setCompletions([]),
        );
      }
    },
    { isActive: !busy || step === 'progress' },
  );

  const openFile = () => {
    setBusy(true);
    services.inspectFile(path).then(
      (listing) => {
        setBusy(false);
        setVariables(listing.variables);
        const first = listing.variables.find((candidate) => candidate.loadable) ?? null;
        setVariable(first);
        go('variable');
      },
      (failure: unknown) => {
        setBusy(false);
        setError(errorText(failure));
      },
    );
  };

  const chooseVariable = (chosen: VariableInfo) => {
    if (!chosen.loadable) {
      setError(`${chosen.name} cannot be loaded: ${chosen.reason ?? 'not numeric'}`);
      return;
    }
    setVariable(chosen);
    const [rows = 0, columns = 0] = chosen.shape;
    setModel(guessModel(fileName(path), rows, columns).name);
    go('model');
  };

  const toConfig = () => {
    services.siblingConfig(path).then(
      (sibling) => {
        if (sibling && config === '') setConfig(sibling);
        go('config');
      },
      () => go('config'),
    );
  };

  const startReview = () => {
    setBusy(true);
    setReview(null);
    go('review');
    services.review(request()).then(
      (reviewed) => {
        setBusy(false);
        setReview(reviewed);
      },
      (failure: unknown) => {
        setBusy(false);
        setError(errorText(failure));
      },
    );
  };

  const start = () => {
    const controller = new AbortController();
    abort.current = controller;
    setBusy(true);
    go('progress');
    let latest: LoadProgress | null = null;
    // Redraw progress at most 4 times a second: a slow SSH link is not flooded.
    const timer = setInterval(() => latest && setProgress(latest), 250);
    services
      .load(request(), (event) => (latest = event), controller.signal)
      .then(
        (done) => {
          clearInterval(timer);
          setBusy(false);
          setProgress(latest);
          setResult(done);
        },
        (failure: unknown) => {
          clearInterval(timer);
          setBusy(false);
          setError(errorText(failure));
        },
      );
  };

  useEffect(() => () => abort.current?.abort(), []);

  const muted = theme.muted ? { color: theme.muted } : {};
  const red = theme.error ? { color: theme.error } : {};
  const green = theme.success ? { color: theme.success } : {};
  return (
    <Box flexDirection="column">
      <Text bold>
        Load a file — step {STEPS.indexOf(step) + 1} of {STEPS.length}: {step}
      </Text>
      {step === 'path' && (
        <Box flexDirection="column">
          <Box>
            <Text>File (.mat, .h5): </Text>
            <TextInput
              key={completed}
              value={path}
              onChange={setPath}
              onSubmit={openFile}
              focus={!busy}
            />
          </Box>
          {completions.length > 1 && (
            <Text {...muted}>{truncate(completions.map(fileName).join('  '), width)}</Text>
          )}
          <Text {...muted}>
            {busy ? 'Reading the file...' : 'Tab completes   Enter opens   Esc cancels'}
          </Text>
        </Box>
      )}
      {step === 'variable' && (
        <Box flexDirection="column">
          <Text>Variable:</Text>
          <SelectInput
            items={variables.map((candidate) => ({
              key: candidate.name,
              label: `${candidate.name}  ${candidate.class}  ${candidate.shape.join('x')}${candidate.loadable ? '' : `  (${candidate.reason})`}`,
              value: candidate,
            }))}
            initialIndex={Math.max(
              0,
              variables.findIndex((candidate) => candidate === variable),
            )}
            onSelect={(item) => chooseVariable(item.value)}
          />
        </Box>
      )}
      {step === 'model' && (
        <Box flexDirection="column">
          <Text>Model (preselected from the file name and shape):</Text>
          <SelectInput
            items={MODELS.map((candidate) => ({
              key: candidate.name,
              label: `${candidate.name}: ${truncate(candidate.description, width - candidate.name.length - 6)}`,
              value: candidate.name,
            }))}
            initialIndex={Math.max(
              0,
              MODELS.findIndex((candidate) => candidate.name === model),
            )}
            onSelect={(item) => {
              setModel(item.value);
              go('name');
            }}
          />
        </Box>
      )}
      {step === 'name' && (
        <Box flexDirection="column">
          <Box>
            <Text>Dataset name: </Text>
            <TextInput value={name} onChange={setName} onSubmit={submitName} />
          </Box>
          {nameCheck && !nameCheck.ok && <Text {...red}>{nameCheck.reason}</Text>}
          {nameCheck?.ok && (
            <Text {...(nameCheck.exists ? (theme.warning ? { color: theme.warning } : {}) : green)}>
              {nameCheck.exists ? `"${name}" exists: the load will append to it` : 'a new dataset'}
            </Text>
          )}
        </Box>
      )}
      {step === 'config' && (
        <Box flexDirection="column">
          <Box>
            <Text>Config file (empty for none): </Text>
            <TextInput value={config} onChange={setConfig} onSubmit={() => go('overrides')} />
          </Box>
          <Text {...muted}>The file's sibling .json is filled in when there is one.</Text>
        </Box>
      )}
      {step === 'overrides' && (
        <Box flexDirection="column">
          <Box>
            <Text>Overrides (k=v;...): </Text>
            <TextInput
              value={overrides}
              onChange={setOverrides}
              onSubmit={() => !overridesProblem && startReview()}
            />
          </Box>
          {overridesProblem ? (
            <Text {...red}>{overridesProblem}</Text>
          ) : (
            <Text {...muted}>e.g. timestamp=2004-06-30T00:00:00;title=My data</Text>
          )}
        </Box>
      )}
      {step === 'review' && (
        <Box flexDirection="column">
          {busy && <Text>Checking the load (a dry run)...</Text>}
          {review && (
            <>
              <Text>
                {review.mode === 'new' ? 'New dataset' : 'Append to'} "{name}": {review.documents}{' '}
                documents ({review.values} values), {review.model} via {review.mediator}, variable{' '}
                {review.variable} ({review.shape.join('x')})
              </Text>
              {review.settings.map((setting) => (
                <Text key={setting.key}>
                  {truncate(
                    `  ${setting.key.padEnd(10)} ${describeValue(setting.value)}`,
                    Math.max(20, width - 36),
                  )}
                  <Text {...muted}> ({truncate(shortSource(setting.source), 33)})</Text>
                </Text>
              ))}
              <Text>
                Metadata: dates {describeValue(review.metadata.dates)}
                {review.metadata.bbox !== undefined
                  ? `  bbox ${describeValue(review.metadata.bbox)}`
                  : ''}
              </Text>
              {Object.entries(
                (review.metadata.stats ?? {}) as Record<string, Record<string, number | null>>,
              ).map(([parameter, stats]) => (
                <Text key={parameter}>
                  {`  ${parameter}: mean ${formatNumber(stats.mean)}  min ${formatNumber(stats.min)}  max ${formatNumber(stats.max)}`}
                </Text>
              ))}
              {review.warnings.map((warning) => (
                <Text key={warning} {...(theme.warning ? { color: theme.warning } : {})}>
                  {truncate(`warning: ${warning}`, width)}
                </Text>
              ))}
              <ReviewKeys onStart={start} />
            </>
          )}
        </Box>
      )}
      {step === 'progress' && (
        <ProgressView
          progress={progress}
          result={result}
          busy={busy}
          width={width}
          theme={theme}
          onDone={() => onDone(result ? name : null)}
        />
      )}
      {error && <Text {...red}>{error}</Text>}
      {error && step !== 'path' && <Text {...muted}>Esc goes back</Text>}
    </Box>
  );
}

/** "config file /long/path/x.json" as "config file x.json": the review has one line per setting. */
function shortSource(source: string): string {
  return source.replace(/(config file|file name) .*[\\/]/, '$1 ');
}

function ReviewKeys({ onStart }: { onStart(): void }) {
  useInput((_input, key) => {
    if (key.return) onStart();
  });
  return <Text bold>Enter starts the load Esc goes back</Text>;
}

function ProgressView(props: {
  progress: LoadProgress | null;
  result: LoadResult | null;
  busy: boolean;
  width: number;
  theme: Theme;
  onDone(): void;
}) {
  useInput((_input, key) => {
    if (!props.busy && key.return) props.onDone();
  });
  const progress = props.progress;
  const muted = props.theme.muted ? { color: props.theme.muted } : {};
  if (props.result) {
    return (
      <Box flexDirection="column">
        <Text {...(props.theme.success ? { color: props.theme.success } : {})}>
          Upload complete! {props.result.written.documents} documents ({props.result.written.values}{' '}
          values) in {(props.result.elapsedMs / 1000).toFixed(1)} s.
        </Text>
        <Text {...muted}>Enter returns to the list</Text>
      </Box>
    );
  }
  if (!props.busy) return <Text {...muted}>Enter returns to the list</Text>;
  if (!progress || progress.phase !== 'writing') {
    return (
      <Text>
        {progress
          ? {
              recovering: 'Recovering an interrupted load...',
              statistics: 'Computing statistics...',
              committing: 'Committing...',
            }[progress.phase]
          : 'Starting...'}
      </Text>
    );
  }
  const fraction = progress.totalDocuments ? progress.documents / progress.totalDocuments : 0;
  const barWidth = Math.max(10, Math.min(50, props.width - 20));
  const filled = Math.round(fraction * barWidth);
  const seconds = progress.elapsedMs / 1000;
  const eta = fraction > 0 ? seconds * (1 / fraction - 1) : NaN;
  const perSecond = (count: number) =>
    seconds > 0 ? formatNumber(Math.round(count / seconds)) : '-';
  return (
    <Box flexDirection="column">
      <Text>
        [{'#'.repeat(filled)}
        {'.'.repeat(barWidth - filled)}] {Math.floor(fraction * 100)}%
      </Text>
      <Text>
        {progress.documents}/{progress.totalDocuments} documents {perSecond(progress.documents)}{' '}
        docs/s {perSecond(progress.values)} values/s
      </Text>
      <Text>
        elapsed {seconds.toFixed(1)} s ETA {Number.isFinite(eta) ? `${eta.toFixed(1)} s` : '-'}
      </Text>
      <Text {...muted}>Esc cancels (the load undoes what it wrote)</Text>
    </Box>
  );
}
