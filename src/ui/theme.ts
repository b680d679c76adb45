/**
 * Colours, or none: NO_COLOR (any non-empty value) turns every colour off and the UI falls
 * back to bold, inverse and characters. No background colours are hard-coded except in the
 * preview, where colour is the data.
 */
export interface Theme {
  color: boolean;
  accent?: string;
  muted?: string;
  error?: string;
  warning?: string;
  success?: string;
  finding: Record<'missing' | 'stale' | 'leftover' | 'disagreeing' | 'busy', string | undefined>;
}

export function makeTheme(env: NodeJS.ProcessEnv = process.env): Theme {
  if (env.NO_COLOR) {
    return {
      color: false,
      finding: {
        missing: undefined,
        stale: undefined,
        leftover: undefined,
        disagreeing: undefined,
        busy: undefined,
      },
    };
  }
  return {
    color: true,
    accent: 'cyan',
    muted: 'gray',
    error: 'red',
    warning: 'yellow',
    success: 'green',
    finding: {
      missing: 'red',
      stale: 'yellow',
      leftover: 'magenta',
      disagreeing: 'blue',
      busy: 'gray',
    },
  };
}
