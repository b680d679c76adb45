import { Box, Text } from 'ink';
import { DetailPane } from '../components/DetailPane.js';
import { ScrollList, type ListRow } from '../components/ScrollList.js';
import { fit, wrap } from '../format.js';
import { auditRows, auditSummary, confirmQuestion, type AuditState } from '../model/audit.js';
import type { AppState } from '../model/types.js';
import { toneProps, type Theme } from '../theme.js';

/** Findings grouped under coloured headings (words, too, for NO_COLOR); the selection scrolls. */
export function AuditView({
  app,
  audit,
  height,
  theme,
}: {
  app: AppState;
  audit: AuditState;
  height: number;
  theme: Theme;
}) {
  const width = app.size.columns;
  const rows = auditRows(audit);
  let selectable = -1;
  let selectedRow = -1;
  const listRows: ListRow[] = rows.map((row, index) => {
    if (row.kind === 'heading')
      return {
        key: `h${index}`,
        text: row.text,
        bold: true,
        ...(row.group === 'unchecked'
          ? { tone: 'warning' as const }
          : { color: theme.groups[row.group] }),
      };
    selectable++;
    if (selectable === audit.selected) selectedRow = index;
    return {
      key: `r${index}`,
      text: `  ${row.text}`,
      ...(row.kind === 'finding'
        ? { color: theme.groups[row.group] }
        : { tone: row.kind === 'unchecked' ? ('warning' as const) : row.tone }),
    };
  });
  const current = rows[selectedRow];
  // While F asks, the selected row is shown whole (what its repair will do, uncut).
  const detail =
    (audit.expanded || audit.confirm?.scope === 'all') && current && current.kind !== 'heading'
      ? current.detail
          .flatMap((text) => wrap(text, width - 2))
          .slice(0, Math.max(1, Math.floor(height / 2)))
      : [];
  const question = audit.confirm ? confirmQuestion(audit) : null;
  const questionLines = question ? wrap(`${question} [y/N]`, width - 4) : [];
  const summary = auditSummary(audit);
  const status = audit.repairing
    ? `Repairing... ${audit.repairing.done} of ${audit.repairing.total} done`
    : audit.status === 'running'
      ? `Auditing${audit.deep ? ' (reading every dataset)' : ''}... ${audit.progress ? `${audit.progress.checked} of ${audit.progress.total} datasets checked` : 'reading the collections'}`
      : audit.status === 'failed'
        ? `The audit failed: ${audit.error ?? ''}`
        : audit.confirm?.scope === 'all'
          ? 'What F will do, finding by finding (the selected one whole below):'
          : summary.text;
  const statusTone =
    audit.status === 'failed' || (audit.error && !audit.repairing)
      ? 'error'
      : audit.repairing || audit.status === 'running'
        ? 'plain'
        : summary.tone;
  const listHeight = Math.max(
    1,
    height -
      2 -
      (detail.length ? detail.length + 1 : 0) -
      (questionLines.length ? questionLines.length + 2 : 0),
  );
  return (
    <Box flexDirection="column" height={height}>
      <Text bold>{fit('Database audit', width)}</Text>
      <Text {...toneProps(theme, statusTone)}>
        {fit(
          audit.error && audit.status !== 'failed' ? `${status}  (${audit.error})` : status,
          width,
        )}
      </Text>
      <ScrollList
        rows={listRows}
        selected={selectedRow}
        height={listHeight}
        width={width}
        focused={!audit.confirm}
        theme={theme}
      />
      <DetailPane lines={detail} width={width} theme={theme} />
      {questionLines.length > 0 && (
        <Box flexDirection="column" borderStyle="round" paddingX={1} width={width}>
          {questionLines.map((line, index) => (
            <Text key={index} bold {...toneProps(theme, 'warning')}>
              {fit(line, width - 4)}
            </Text>
          ))}
        </Box>
      )}
    </Box>
  );
}
