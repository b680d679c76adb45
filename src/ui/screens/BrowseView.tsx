import { Box, Text } from 'ink';
import type { DatasetRow } from '#core/operations/overview.js';
import { ScrollList, type ListRow } from '../components/ScrollList.js';
import { TextInput } from '../components/TextInput.js';
import stringWidth from 'string-width';
import { dateRange, fit, padStart, truncateMiddle, wrap } from '../format.js';
import { noMetadataAdvice } from '../model/audit.js';
import { selectedIndex, visibleRows, type SortOrder } from '../model/browse.js';
import { browseColumns, type BrowseColumns } from '../model/layout.js';
import { loadBadge, loadLines, type LoadLine } from '../model/loadLines.js';
import type { LoadJob } from '../model/loads.js';
import { metadataLines } from '../model/metadataLines.js';
import type { AppState } from '../model/types.js';
import { toneProps, type Theme } from '../theme.js';

/**
 * The flag at the end of the name column: "!" an operation holds the dataset (in progress or
 * interrupted), "+" the automatic refresh found it new, "*" found it changed.
 */
function flag(app: AppState, row: DatasetRow): string {
  if (row.interrupted) return '!';
  const mark = app.browse.marks[row.name];
  return mark === 'new' ? '+' : mark === 'changed' ? '*' : ' ';
}

function datasetLine(
  app: AppState,
  row: DatasetRow,
  columns: BrowseColumns,
  job?: LoadJob,
): string {
  const kind = row.gridded === null ? '?' : row.gridded ? 'grid' : 'vector';
  const name = fit(truncateMiddle(row.name, columns.nameWidth - 1), columns.nameWidth - 1);
  // A load of this session: where it is, over the records and kind, instead of the flag.
  if (job) {
    const room = columns.showKind ? 14 : 7;
    return `${name}  ${padStart(loadBadge(job.run, room).text, room)}`;
  }
  let line = `${name}${flag(app, row)}${padStart(String(row.records ?? '?'), 8)}`;
  if (columns.showKind) line += ` ${kind.padEnd(6)}`;
  if (columns.showDates) line += ` ${dateRange(row.firstDate, row.lastDate)}`;
  return line;
}

/**
 * The column titles. Sorted by records or dates, that column's title has an arrow as k9s draws
 * it (↓: most or newest first), or with no room for the dates, the name's title says so; in
 * the usual order, by name, the titles are as they always were.
 */
function header(columns: BrowseColumns, sort: SortOrder): string {
  const arrow = (order: SortOrder) => (sort === order ? '↓' : '');
  const name = sort === 'dates' && !columns.showDates ? 'DATASET (dates↓)' : 'DATASET';
  let line = `  ${name.padEnd(columns.nameWidth)}${`RECORDS${arrow('records')}`.padStart(8)}`;
  if (columns.showKind) line += ' KIND  ';
  if (columns.showDates) line += ` DATES${arrow('dates')}`;
  return line;
}

/** The dataset list (name, records, kind, dates) beside the selected dataset's metadata. */
export function BrowseView({
  app,
  height,
  theme,
}: {
  app: AppState;
  height: number;
  theme: Theme;
}) {
  const rows = visibleRows(app);
  const columns = browseColumns(
    app.size,
    (app.datasets ?? []).map((row) => row.name),
  );
  const filtering = app.browse.filtering;
  const filterLine = filtering !== null || app.browse.filter !== '';
  const listHeight = Math.max(1, height - 1 - (filterLine ? 1 : 0));
  const selected = selectedIndex(app);
  const paneLoad = selectedLoadLines(app, columns.paneWidth);
  const listRows: ListRow[] = rows.map((row) => {
    const job = app.loads[row.name];
    const tone = job ? loadBadge(job.run, 14).tone : row.interrupted ? 'warning' : undefined;
    return { key: row.name, text: datasetLine(app, row, columns, job), ...(tone ? { tone } : {}) };
  });
  return (
    <Box flexDirection="column" height={height}>
      {filterLine && (
        <Box>
          <Text>Filter: </Text>
          {filtering ? (
            <TextInput field={filtering} width={Math.max(10, columns.listWidth - 8)} />
          ) : (
            <Text
              {...toneProps(theme, 'muted')}
            >{`${app.browse.filter}  (/ edits, Esc clears)`}</Text>
          )}
        </Box>
      )}
      <Box>
        <Box flexDirection="column" width={columns.listWidth}>
          <Text bold {...(theme.accent ? { color: theme.accent } : {})}>
            {fit(header(columns, app.browse.sort), columns.listWidth)}
          </Text>
          {app.datasets === null ? (
            <Text {...toneProps(theme, 'muted')}>
              {fit('  Reading the list of datasets...', columns.listWidth)}
            </Text>
          ) : (
            <ScrollList
              rows={listRows}
              selected={rows.length ? selected : -1}
              height={listHeight}
              width={columns.listWidth}
              focused={app.browse.focus === 'list' && filtering === null}
              theme={theme}
              empty={
                app.browse.filter || filtering?.value
                  ? '  No dataset matches the filter.'
                  : '  No datasets. Press l to load one.'
              }
            />
          )}
        </Box>
        <Box marginLeft={1} flexDirection="column" width={columns.paneWidth}>
          <LoadPane lines={paneLoad} width={columns.paneWidth} theme={theme} />
          <MetadataPane
            app={app}
            height={height - (filterLine ? 1 : 0) - paneLoad.length}
            width={columns.paneWidth}
            theme={theme}
          />
        </Box>
      </Box>
    </Box>
  );
}

/** The selected dataset's load, if it has one, above its metadata: what its screen shows. */
function selectedLoadLines(app: AppState, width: number): LoadLine[] {
  const job = app.browse.selected ? app.loads[app.browse.selected] : undefined;
  if (!job) return [];
  // A few lines: the list's pane is for the metadata; the load's screen has all of it.
  return [
    { text: ' The load (l shows it)', tone: 'plain' },
    ...loadLines(job.run, width - 1).slice(0, 6),
  ];
}

function LoadPane({ lines, width, theme }: { lines: LoadLine[]; width: number; theme: Theme }) {
  return (
    <>
      {lines.map((line, index) => (
        <Text key={index} bold={index === 0} {...toneProps(theme, line.tone)}>
          {fit(index === 0 ? line.text : ` ${line.text}`, width)}
        </Text>
      ))}
    </>
  );
}

function MetadataPane({
  app,
  height,
  width,
  theme,
}: {
  app: AppState;
  height: number;
  width: number;
  theme: Theme;
}) {
  const name = app.browse.selected;
  if (!name || !(app.datasets ?? []).some((row) => row.name === name)) return null;
  const focused = app.browse.focus === 'details';
  const entry = app.metadata[name];
  let body;
  if (app.connection.state === 'disconnected' && entry?.status !== 'loaded')
    body = (
      <Text {...toneProps(theme, 'error')}>
        {fit('disconnected: the metadata cannot be read', width)}
      </Text>
    );
  else if (!entry || entry.status === 'loading')
    body = <Text {...toneProps(theme, 'muted')}>Reading the metadata...</Text>;
  else if (entry.status === 'failed')
    body = <Text {...toneProps(theme, 'error')}>{fit(entry.detail, width)}</Text>;
  else if (entry.value === null) {
    // What the audit will say (its tag, f's answer): the pane promises nothing more.
    const lost = app.datasets?.find((row) => row.name === name)?.lostMetadata;
    body = wrap(noMetadataAdvice(lost), width)
      .slice(0, Math.max(1, height - 1))
      .map((line, index) => (
        <Text key={index} {...toneProps(theme, 'error')}>
          {fit(line, width)}
        </Text>
      ));
  } else {
    const lines = metadataLines(entry.value);
    // The selected line whole, below the list, when the pane cut it.
    const current = focused ? lines[app.browse.detailLine] : undefined;
    const detail =
      current && stringWidth(current) > width - 2 ? wrap(current.trim(), width).slice(0, 4) : [];
    body = (
      <>
        <ScrollList
          rows={lines.map((text, index) => ({ key: String(index), text }))}
          selected={focused ? app.browse.detailLine : -1}
          height={Math.max(1, height - 1 - detail.length)}
          width={width}
          focused={focused}
          theme={theme}
        />
        {detail.map((line, index) => (
          <Text key={index} {...toneProps(theme, 'muted')}>
            {fit(line, width)}
          </Text>
        ))}
      </>
    );
  }
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text bold inverse={focused} {...(theme.accent && !focused ? { color: theme.accent } : {})}>
        {fit(` ${truncateMiddle(name, width - 2)}`, width)}
      </Text>
      {body}
    </Box>
  );
}
