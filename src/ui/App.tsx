import { Box, Text, useStdin, useStdout } from 'ink';
import { useEffect, useSyncExternalStore } from 'react';
import { KeyLine, MessageLine, StatusBar } from './components/Chrome.js';
import { fit } from './format.js';
import { tooSmall } from './model/layout.js';
import { screenRows } from './model/messageLine.js';
import type { AppState } from './model/types.js';
import type { UiStore } from './runtime/store.js';
import { HelpView } from './screens/HelpView.js';
import { screenView } from './screens/screenViews.js';
import { ESCAPE_WAIT_MS, KeyDecoder, type Key } from './terminal/keys.js';
import type { Theme } from './theme.js';

/**
 * Keys from the terminal into the store, every key of a chunk in order. Raw mode is on for
 * as long as the UI runs, whatever it is doing: typed keys never echo over the screen, and
 * Ctrl-C is a key the UI handles (it cancels running work first) rather than a signal.
 */
function useKeyboard(store: UiStore): void {
  const { setRawMode, isRawModeSupported, internal_eventEmitter: input } = useStdin();
  useEffect(() => {
    if (isRawModeSupported) setRawMode(true);
    const decoder = new KeyDecoder();
    const send = (keys: Key[]) => {
      if (keys.length > 0) store.dispatch(...keys.map((key) => ({ type: 'key' as const, key })));
    };
    // A read that ended inside an escape sequence: its rest comes soon, or it was Esc.
    let waiting: NodeJS.Timeout | null = null;
    const onInput = (chunk: string) => {
      if (waiting) clearTimeout(waiting);
      waiting = null;
      send(decoder.push(chunk));
      if (decoder.waiting) waiting = setTimeout(() => send(decoder.flush()), ESCAPE_WAIT_MS);
    };
    input.on('input', onInput);
    return () => {
      if (waiting) clearTimeout(waiting);
      input.off('input', onInput);
      if (isRawModeSupported) setRawMode(false);
    };
  }, [store, input, isRawModeSupported, setRawMode]);
}

/** The terminal's size into the store, on every resize. */
function useResize(store: UiStore, fixed: boolean): void {
  const { stdout } = useStdout();
  useEffect(() => {
    if (fixed) return;
    const onResize = () =>
      store.dispatch({
        type: 'resize',
        size: { columns: stdout.columns || 80, rows: stdout.rows || 24 },
      });
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [store, stdout, fixed]);
}

function Body({ app, height, theme }: { app: AppState; height: number; theme: Theme }) {
  if (app.help) return <HelpView app={app} height={height} theme={theme} />;
  return screenView(app, height, theme);
}

export interface AppProps {
  store: UiStore;
  theme: Theme;
  /** A fixed size (tests); otherwise the terminal's, followed on resize. */
  fixedSize?: boolean;
}

/**
 * The full-screen UI: every frame is exactly the terminal's size, the screen in front above
 * the status bar, the message line and the key line. All state lives in the store; this
 * only draws it.
 */
export function App({ store, theme, fixedSize = false }: AppProps) {
  const app = useSyncExternalStore(store.subscribe, store.getState);
  useKeyboard(store);
  useResize(store, fixedSize);
  const { columns, rows } = app.size;
  const small = tooSmall(app.size);
  if (small) {
    return (
      <Box flexDirection="column" width={columns} height={rows}>
        <Text bold>{fit(small, columns)}</Text>
        <Text>{fit('Make the window larger, or press Ctrl-C to quit.', columns)}</Text>
      </Box>
    );
  }
  const height = screenRows(app);
  return (
    <Box flexDirection="column" width={columns} height={rows}>
      <Box flexDirection="column" height={height} overflow="hidden">
        <Body app={app} height={height} theme={theme} />
      </Box>
      <StatusBar app={app} />
      <MessageLine app={app} theme={theme} />
      <KeyLine app={app} theme={theme} />
    </Box>
  );
}
