import type { Tone } from './model/types.js';

/** How many colours the terminal shows: none (NO_COLOR), 16, 256 or 24-bit. */
export type ColorDepth = 'none' | '16' | '256' | 'truecolor';

/**
 * Colours, or none: NO_COLOR (any non-empty value) turns every colour off, and every state is
 * still visible through attributes (bold, inverse) and characters (the ">" selection marker).
 * No background colours are hard-coded except in the preview, where colour is the data.
 */
export interface Theme {
  depth: ColorDepth;
  color: boolean;
  accent?: string;
  tones: Record<Tone, string | undefined>;
  groups: Record<
    'missing' | 'stale' | 'leftover' | 'disagreeing' | 'data' | 'busy' | 'repair',
    string | undefined
  >;
}

/** The colour depth the terminal announces: COLORTERM for 24-bit, TERM for 256 colours. */
export function colorDepth(env: NodeJS.ProcessEnv = process.env): ColorDepth {
  if (env.NO_COLOR) return 'none';
  if (/^(truecolor|24bit)$/i.test(env.COLORTERM ?? '')) return 'truecolor';
  if (/256/.test(env.TERM ?? '')) return '256';
  if (env.TERM === 'dumb') return 'none';
  return '16';
}

export function makeTheme(env: NodeJS.ProcessEnv = process.env): Theme {
  const depth = colorDepth(env);
  if (depth === 'none') {
    return {
      depth,
      color: false,
      tones: {
        plain: undefined,
        muted: undefined,
        error: undefined,
        warning: undefined,
        success: undefined,
      },
      groups: {
        missing: undefined,
        stale: undefined,
        leftover: undefined,
        disagreeing: undefined,
        data: undefined,
        busy: undefined,
        repair: undefined,
      },
    };
  }
  return {
    depth,
    color: true,
    accent: 'cyan',
    tones: { plain: undefined, muted: 'gray', error: 'red', warning: 'yellow', success: 'green' },
    groups: {
      missing: 'red',
      stale: 'yellow',
      leftover: 'magenta',
      disagreeing: 'blue',
      data: 'cyan',
      busy: 'gray',
      repair: undefined,
    },
  };
}

/** Props for an Ink <Text> in a tone: a colour, or nothing (never a background). */
export function toneProps(theme: Theme, tone: Tone): { color?: string } {
  const color = theme.tones[tone];
  return color ? { color } : {};
}
