import { Box, Text, useInput } from 'ink';
import TextInput from 'ink-text-input';
import { useEffect, useState } from 'react';
import type { NameCheck, UiServices } from '../services.js';
import type { Theme } from '../theme.js';

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Checks a name as it is typed (the newest answer wins). */
export function useNameCheck(services: UiServices, name: string): NameCheck | null {
  const [check, setCheck] = useState<NameCheck | null>(null);
  useEffect(() => {
    let current = true;
    setCheck(null);
    if (name === '') return;
    services.checkName(name).then(
      (result) => current && setCheck(result),
      (error: unknown) => current && setCheck({ ok: false, reason: errorText(error) }),
    );
    return () => {
      current = false;
    };
  }, [name]);
  return check;
}

/**
 * Enter pressed while the name is still being checked counts once the answer is in: a fast
 * typist (or a slow server) should not have to press it twice.
 */
export function useSubmitWhenChecked(
  check: NameCheck | null,
  name: string,
  acceptable: (check: NameCheck) => boolean,
  action: () => void,
) {
  const [waiting, setWaiting] = useState(false);
  useEffect(() => {
    if (!waiting || name === '' || check === null) return;
    setWaiting(false);
    if (acceptable(check)) action();
  }, [waiting, check]);
  return () => {
    if (name === '') return;
    if (check === null) setWaiting(true);
    else if (acceptable(check)) action();
  };
}

export function RenameDialog(props: {
  services: UiServices;
  from: string;
  theme: Theme;
  onDone(renamedTo: string | null): void;
}) {
  const [to, setTo] = useState('');
  const [state, setState] = useState<{ busy: boolean; error: string | null }>({
    busy: false,
    error: null,
  });
  const check = useNameCheck(props.services, to);
  useInput((_input, key) => {
    if (key.escape && !state.busy) props.onDone(null);
  });
  const problem =
    check && !check.ok ? check.reason : check?.ok && check.exists ? `"${to}" already exists` : null;
  const rename = () => {
    if (state.busy) return;
    setState({ busy: true, error: null });
    props.services.rename(props.from, to).then(
      () => props.onDone(to),
      (error: unknown) => setState({ busy: false, error: errorText(error) }),
    );
  };
  const submit = useSubmitWhenChecked(check, to, (result) => result.ok && !result.exists, rename);
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1}>
      <Text bold>Rename "{props.from}"</Text>
      <Box>
        <Text>New name: </Text>
        <TextInput value={to} onChange={setTo} onSubmit={submit} focus={!state.busy} />
      </Box>
      {problem && (
        <Text {...(props.theme.error ? { color: props.theme.error } : {})}>{problem}</Text>
      )}
      {state.error && (
        <Text {...(props.theme.error ? { color: props.theme.error } : {})}>{state.error}</Text>
      )}
      <Text {...(props.theme.muted ? { color: props.theme.muted } : {})}>
        {state.busy
          ? 'Renaming...'
          : 'Enter renames (data, metadata, coord_index and geometry cache together)   Esc cancels'}
      </Text>
    </Box>
  );
}

/** Removing asks the operator to type the dataset's name: a slip of one key cannot do it. */
export function RemoveDialog(props: {
  services: UiServices;
  name: string;
  records: number | undefined;
  theme: Theme;
  onDone(removed: boolean): void;
}) {
  const [typed, setTyped] = useState('');
  const [state, setState] = useState<{ busy: boolean; error: string | null }>({
    busy: false,
    error: null,
  });
  useInput((_input, key) => {
    if (key.escape && !state.busy) props.onDone(false);
  });
  const submit = () => {
    if (typed !== props.name || state.busy) return;
    setState({ busy: true, error: null });
    props.services.remove(props.name).then(
      () => props.onDone(true),
      (error: unknown) => setState({ busy: false, error: errorText(error) }),
    );
  };
  const warning = props.theme.warning ? { color: props.theme.warning } : {};
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1}>
      <Text bold {...warning}>
        Remove "{props.name}"{props.records === undefined ? '' : ` (${props.records} records)`} with
        its metadata, coord_index and geometry cache?
      </Text>
      <Text>This cannot be undone. Type the dataset's name to confirm.</Text>
      <Box>
        <Text>Name: </Text>
        <TextInput value={typed} onChange={setTyped} onSubmit={submit} focus={!state.busy} />
      </Box>
      {typed !== '' && typed !== props.name && (
        <Text {...(props.theme.muted ? { color: props.theme.muted } : {})}>
          (does not match yet)
        </Text>
      )}
      {state.error && (
        <Text {...(props.theme.error ? { color: props.theme.error } : {})}>{state.error}</Text>
      )}
      <Text {...(props.theme.muted ? { color: props.theme.muted } : {})}>
        {state.busy ? 'Removing...' : 'Enter removes   Esc cancels'}
      </Text>
    </Box>
  );
}

/** A yes/no question; y confirms, n or Esc declines. */
export function Confirm(props: { question: string; theme: Theme; onAnswer(yes: boolean): void }) {
  useInput((input, key) => {
    if (input === 'y' || input === 'Y') props.onAnswer(true);
    else if (input === 'n' || input === 'N' || key.escape) props.onAnswer(false);
  });
  return (
    <Box borderStyle="round" paddingX={1}>
      <Text bold {...(props.theme.warning ? { color: props.theme.warning } : {})}>
        {props.question} [y/N]
      </Text>
    </Box>
  );
}
