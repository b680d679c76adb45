import { Box, Text, useApp, useInput } from 'ink';
import { useEffect, useState } from 'react';
import type { DatasetSummary } from '#core/operations/listDatasets.js';

export interface AppProps {
  /** Shown in the status bar; already redacted. */
  server: string;
  database: string;
  listDatasets: () => Promise<DatasetSummary[]>;
}

type Loaded =
  | { state: 'loading' }
  | { state: 'ready'; datasets: DatasetSummary[] }
  | { state: 'failed'; message: string };

export function App({ server, database, listDatasets }: AppProps) {
  const { exit } = useApp();
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });

  useEffect(() => {
    listDatasets().then(
      (datasets) => setLoaded({ state: 'ready', datasets }),
      (error: unknown) =>
        setLoaded({
          state: 'failed',
          message: error instanceof Error ? error.message : String(error),
        }),
    );
  }, [listDatasets]);

  useInput((input) => {
    if (input === 'q') exit();
  });

  return (
    <Box flexDirection="column">
      <Text bold>Datasets</Text>
      {loaded.state === 'loading' && <Text>Loading...</Text>}
      {loaded.state === 'failed' && <Text color="red">{loaded.message}</Text>}
      {loaded.state === 'ready' && loaded.datasets.length === 0 && (
        <Text>No datasets in this database.</Text>
      )}
      {loaded.state === 'ready' &&
        loaded.datasets.map((dataset) => (
          <Text key={dataset.name}>
            {dataset.name} ({dataset.records ?? '?'} records)
          </Text>
        ))}
      <Text dimColor>
        {server} / {database} · q quit
      </Text>
    </Box>
  );
}
