import { ScrollList } from './ScrollList.js';
import type { Theme } from '../theme.js';

const fileName = (path: string) => path.split(/[\\/]/).pop() ?? path;

/**
 * What Tab found, as a list under the field: paths by their last part (a folder with its
 * "/"), names as they are; as many as fit, and how many more.
 */
export function Completions({
  found,
  paths,
  width,
  height,
  theme,
}: {
  found: readonly string[];
  paths: boolean;
  width: number;
  height: number;
  theme: Theme;
}) {
  if (found.length === 0) return null;
  const shown = (each: string) =>
    paths ? fileName(each.replace(/\/$/, '')) + (each.endsWith('/') ? '/' : '') : each;
  return (
    <ScrollList
      rows={found.map((each) => ({ key: each, text: shown(each) }))}
      selected={-1}
      height={Math.max(1, height)}
      width={width}
      focused={false}
      theme={theme}
    />
  );
}
