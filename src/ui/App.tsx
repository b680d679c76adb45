import { Box, Text, useApp, useInput } from 'ink';
import TextInput from 'ink-text-input';
import { useCallback, useEffect, useState } from 'react';
import type { DatasetRow } from '#core/operations/overview.js';
import { HelpScreen, KeyHints, StatusBar } from './components/StatusBar.js';
import { DatasetList } from './components/DatasetList.js';
import { MetadataPane, metadataLines } from './components/MetadataPane.js';
import { browseAction } from './keys.js';
import { AuditView } from './screens/AuditView.js';
import { RemoveDialog, RenameDialog } from './screens/Dialogs.js';
import { LoadWizard } from './screens/LoadWizard.js';
import { Preview } from './screens/Preview.js';
import type { UiServices } from './services.js';
import type { Theme } from './theme.js';
import { useTerminalSize } from './useTerminalSize.js';

type Screen =
  'browse' | 'details' | 'filter' | 'help' | 'load' | 'rename' | 'remove' | 'audit' | 'preview';

export interface AppProps {
  services: UiServices;
  theme: Theme;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The full-screen UI: the dataset list on the left, the selection's metadata on the right,
 * the server in the status bar, the keys on the last line; screens for loading, auditing,
 * renaming, removing and previewing, all over the same operations as the CLI.
 */
export function App({ services, theme }: AppProps) {
  const { exit } = useApp();
  const { columns, rows: height } = useTerminalSize();
  const [screen, setScreen] = useState<Screen>('browse');
  const [datasets, setDatasets] = useState<DatasetRow[] | null>(null);
  const [selectedName, setSelectedName] = useState<string | null>(null);
  const [filter, setFilter] = useState('');
  const [metadata, setMetadata] = useState<Record<string, unknown> | null | undefined>(undefined);
  const [scroll, setScroll] = useState(0);
  const [version, setVersion] = useState('');
  const [state, setState] = useState('connecting...');
  const [message, setMessage] = useState<string | null>(null);

  const refresh = useCallback(
    (select?: string) => {
      services.listDatasets().then(
        (rows) => {
          setDatasets(rows);
          setState('connected');
          setSelectedName(
            (current) =>
              select ??
              (current && rows.some((row) => row.name === current)
                ? current
                : (rows[0]?.name ?? null)),
          );
        },
        (error: unknown) => {
          setState('disconnected');
          setMessage(errorText(error));
          setDatasets((current) => current ?? []);
        },
      );
    },
    [services],
  );

  useEffect(() => {
    refresh();
    services.serverInfo().then(
      (info) =>
        setVersion(
          info.engine === 'ferretdb'
            ? `FerretDB ${info.engineVersion} (MongoDB ${info.version})`
            : `MongoDB ${info.version}`,
        ),
      () => setVersion(''),
    );
  }, []);

  const visible = (datasets ?? []).filter((row) =>
    row.name.toLowerCase().includes(filter.toLowerCase()),
  );
  const selectedIndex = Math.max(
    0,
    visible.findIndex((row) => row.name === selectedName),
  );
  const selected = visible[selectedIndex] ?? null;

  useEffect(() => {
    setMetadata(undefined);
    setScroll(0);
    if (!selected) return;
    let current = true;
    services.metadata(selected.name).then(
      (found) => current && setMetadata(found),
      () => current && setMetadata(null),
    );
    return () => {
      current = false;
    };
  }, [selected?.name]);

  const move = (delta: number) => {
    const next = visible[Math.min(visible.length - 1, Math.max(0, selectedIndex + delta))];
    if (next) setSelectedName(next.name);
  };

  useInput(
    (input, key) => {
      setMessage(null);
      if (screen === 'help') {
        setScreen('browse');
        return;
      }
      if (screen === 'details') {
        if (key.escape || key.return || input === 'q') setScreen('browse');
        else if (key.downArrow || input === 'j')
          setScroll((value) =>
            Math.min(value + 1, Math.max(0, (metadata ? metadataLines(metadata).length : 0) - 1)),
          );
        else if (key.upArrow || input === 'k') setScroll((value) => Math.max(0, value - 1));
        return;
      }
      const action = browseAction(input, key);
      switch (action) {
        case 'quit':
          exit();
          return;
        case 'up':
          return move(-1);
        case 'down':
          return move(1);
        case 'filter':
          return setScreen('filter');
        case 'details':
          if (selected) setScreen('details');
          return;
        case 'help':
          return setScreen('help');
        case 'refresh':
          return refresh();
        case 'load':
          return setScreen('load');
        case 'audit':
          return setScreen('audit');
        case 'rename':
        case 'remove':
        case 'preview':
          if (selected) setScreen(action);
          else setMessage('No dataset selected.');
          return;
        default:
          if (key.escape && filter) setFilter('');
      }
    },
    { isActive: screen === 'browse' || screen === 'details' || screen === 'help' },
  );

  useInput(
    (_input, key) => {
      if (key.escape) {
        setFilter('');
        setScreen('browse');
      }
    },
    { isActive: screen === 'filter' },
  );

  const back = (select?: string | null, note?: string) => {
    setScreen('browse');
    if (note) setMessage(note);
    refresh(select ?? undefined);
  };

  const bodyHeight = Math.max(4, height - 3);
  const listWidth = Math.max(30, Math.floor(columns * 0.5));
  const paneWidth = Math.max(20, columns - listWidth - 2);
  let body;
  if (screen === 'help') body = <HelpScreen theme={theme} />;
  else if (screen === 'load')
    body = (
      <LoadWizard
        services={services}
        width={columns}
        theme={theme}
        onDone={(name) => back(name, name ? `Loaded "${name}".` : 'Load cancelled.')}
      />
    );
  else if (screen === 'audit')
    body = (
      <AuditView
        services={services}
        width={columns}
        height={bodyHeight}
        theme={theme}
        onClose={() => back()}
      />
    );
  else if (screen === 'rename' && selected)
    body = (
      <RenameDialog
        services={services}
        from={selected.name}
        theme={theme}
        onDone={(to) => back(to, to ? `Renamed "${selected.name}" to "${to}".` : undefined)}
      />
    );
  else if (screen === 'remove' && selected)
    body = (
      <RemoveDialog
        services={services}
        name={selected.name}
        records={selected.records}
        theme={theme}
        onDone={(removed) => back(null, removed ? `Removed "${selected.name}".` : undefined)}
      />
    );
  else if (screen === 'preview' && selected)
    body = (
      <Preview
        services={services}
        dataset={selected.name}
        width={columns}
        height={bodyHeight}
        theme={theme}
        onClose={() => setScreen('browse')}
      />
    );
  else {
    body = (
      <Box flexDirection="column">
        {screen === 'filter' && (
          <Box>
            <Text>Filter: </Text>
            <TextInput value={filter} onChange={setFilter} onSubmit={() => setScreen('browse')} />
          </Box>
        )}
        <Box>
          {datasets === null ? (
            <Text>Loading datasets...</Text>
          ) : (
            <DatasetList
              rows={visible}
              selected={selectedIndex}
              width={listWidth}
              height={bodyHeight - (screen === 'filter' ? 1 : 0)}
              focused={screen !== 'details'}
              theme={theme}
            />
          )}
          <Box marginLeft={2}>
            <MetadataPane
              name={selected?.name ?? null}
              metadata={metadata}
              width={paneWidth}
              height={bodyHeight}
              scroll={scroll}
              focused={screen === 'details'}
              theme={theme}
            />
          </Box>
        </Box>
      </Box>
    );
  }
  return (
    <Box flexDirection="column" width={columns} height={height}>
      <Box flexDirection="column" height={height - 2} overflow="hidden">
        {body}
      </Box>
      <StatusBar
        server={services.server}
        database={services.database}
        version={version}
        state={state}
        width={columns}
        theme={theme}
      />
      <KeyHints
        width={columns}
        theme={theme}
        {...(message
          ? { extra: message }
          : screen === 'details'
            ? { extra: '↑/↓ scroll   Esc back' }
            : filter && screen === 'browse'
              ? { extra: `filter "${filter}" (Esc clears)` }
              : {})}
      />
    </Box>
  );
}
