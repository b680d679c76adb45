import { Box, Text } from 'ink';
import { differenceLine } from '#core/operations/verifyLines.js';
import { DetailPane } from '../components/DetailPane.js';
import { ScrollList } from '../components/ScrollList.js';
import { fit, wrap } from '../format.js';
import type { AppState } from '../model/types.js';
import {
  differenceDetail,
  verifyCounts,
  verifyStatus,
  type VerifyState,
} from '../model/verifyScreen.js';
import { toneProps, type Theme } from '../theme.js';

/**
 * A file against a dataset: the verdict in words (EQUAL, DIFFERS, COULD NOT COMPARE) as well
 * as colour, the counts, and the differences as a list; the selected one whole below it.
 */
export function VerifyView({
  app,
  verify,
  height,
  theme,
}: {
  app: AppState;
  verify: VerifyState;
  height: number;
  theme: Theme;
}) {
  const width = app.size.columns;
  const status = verifyStatus(verify);
  // Why it could not compare is told whole: its useful part is often at its end.
  const statusLines = wrap(status.text, width).slice(0, Math.max(1, height - 2));
  const report = verify.report;
  const counts = report ? verifyCounts(report) : [];
  const differences = report?.differences ?? [];
  const selected = differences[verify.selected];
  const detail = selected
    ? differenceDetail(selected).flatMap((line) => wrap(line, width - 2))
    : [];
  const listHeight = Math.max(
    1,
    height - 1 - statusLines.length - counts.length - (detail.length ? detail.length + 1 : 0),
  );
  return (
    <Box flexDirection="column" height={height}>
      <Text bold>{fit(`Verify "${verify.name}" against ${verify.file}`, width)}</Text>
      {statusLines.map((line, index) => (
        <Text
          key={`s${index}`}
          bold={verify.status !== 'running'}
          {...toneProps(theme, status.tone)}
        >
          {fit(line, width)}
        </Text>
      ))}
      {counts.map((line, index) => (
        <Text key={`c${index}`}>{fit(line, width)}</Text>
      ))}
      {differences.length > 0 && (
        <ScrollList
          rows={differences.map((difference, index) => ({
            key: String(index),
            text: differenceLine(difference),
            tone: 'error' as const,
          }))}
          selected={verify.selected}
          height={listHeight}
          width={width}
          focused
          theme={theme}
        />
      )}
      <DetailPane lines={detail} width={width} theme={theme} />
    </Box>
  );
}
