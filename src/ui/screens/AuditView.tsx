import { Box, Text, useInput } from 'ink';
import { useEffect, useState } from 'react';
import {
  FINDING_GROUP,
  type AuditReport,
  type Finding,
  type RepairAction,
} from '#core/operations/audit.js';
import { truncate } from '../format.js';
import type { UiServices } from '../services.js';
import type { Theme } from '../theme.js';
import { Confirm } from './Dialogs.js';

const GROUP_TITLES = {
  missing: 'Missing entries',
  stale: 'Stale entries',
  leftover: 'Leftovers of interrupted operations',
  disagreeing: 'Metadata that disagrees with the data',
  busy: 'Busy (an operation is running)',
} as const;

type Pending = { scope: 'one'; finding: Finding } | { scope: 'all' } | null;

/** Findings grouped and coloured by kind; f repairs the selected one, F all of them (after asking). */
export function AuditView(props: {
  services: UiServices;
  width: number;
  height: number;
  theme: Theme;
  onClose(changed: boolean): void;
}) {
  const [report, setReport] = useState<AuditReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState(0);
  const [pending, setPending] = useState<Pending>(null);
  const [repairs, setRepairs] = useState<RepairAction[]>([]);
  const [busy, setBusy] = useState(false);
  const [changed, setChanged] = useState(false);

  const run = () => {
    setReport(null);
    props.services
      .audit()
      .then(setReport, (failure: unknown) =>
        setError(failure instanceof Error ? failure.message : String(failure)),
      );
  };
  useEffect(run, []);

  const groups = Object.keys(GROUP_TITLES) as Array<keyof typeof GROUP_TITLES>;
  const ordered = report
    ? groups.flatMap((group) =>
        report.findings.filter((finding) => FINDING_GROUP[finding.kind] === group),
      )
    : [];

  useInput(
    (input, key) => {
      if (busy) return;
      if (key.escape || input === 'q') props.onClose(changed);
      else if (key.upArrow || input === 'k') setSelected((value) => Math.max(0, value - 1));
      else if (key.downArrow || input === 'j')
        setSelected((value) => Math.min(ordered.length - 1, value + 1));
      else if (input === 'f' && ordered[selected]?.fixable)
        setPending({ scope: 'one', finding: ordered[selected] as Finding });
      else if (input === 'F' && ordered.some((finding) => finding.fixable))
        setPending({ scope: 'all' });
      else if (input === 'R') run();
    },
    { isActive: pending === null },
  );

  const repair = (yes: boolean) => {
    const what = pending;
    setPending(null);
    if (!yes || !what) return;
    setBusy(true);
    const findings =
      what.scope === 'one' ? [what.finding] : ordered.filter((finding) => finding.fixable);
    props.services.repair(findings).then(
      (done) => {
        setRepairs(done);
        setBusy(false);
        setChanged(true);
        run();
      },
      (failure: unknown) => {
        setError(failure instanceof Error ? failure.message : String(failure));
        setBusy(false);
      },
    );
  };

  const muted = props.theme.muted ? { color: props.theme.muted } : {};
  let row = -1;
  return (
    <Box flexDirection="column">
      <Text bold>Database audit</Text>
      {error && <Text {...(props.theme.error ? { color: props.theme.error } : {})}>{error}</Text>}
      {!report && !error && <Text>Auditing...</Text>}
      {report && report.clean && (
        <Text {...(props.theme.success ? { color: props.theme.success } : {})}>
          No inconsistencies found!
        </Text>
      )}
      {report &&
        groups.map((group) => {
          const members = report.findings.filter(
            (finding) => FINDING_GROUP[finding.kind] === group,
          );
          if (members.length === 0) return null;
          const color = props.theme.finding[group];
          return (
            <Box key={group} flexDirection="column">
              <Text bold {...(color ? { color } : {})}>
                {GROUP_TITLES[group]} ({members.length})
              </Text>
              {members.map((finding) => {
                row++;
                return (
                  <Text
                    key={`${finding.kind}:${finding.dataset}:${finding.collection ?? ''}`}
                    inverse={row === selected}
                    {...(color ? { color } : {})}
                  >
                    {truncate(
                      `  ${finding.message}${finding.fixable ? '' : `  [cannot fix${finding.advice ? `: ${finding.advice}` : ''}]`}`,
                      props.width,
                    )}
                  </Text>
                );
              })}
            </Box>
          );
        })}
      {repairs.length > 0 && (
        <Box flexDirection="column">
          <Text bold>Last repair</Text>
          {repairs.map((action, index) => (
            <Text key={index}>
              {truncate(`  ${action.done ? 'FIXED' : 'NOT FIXED'}: ${action.detail}`, props.width)}
            </Text>
          ))}
        </Box>
      )}
      {pending && (
        <Confirm
          question={
            pending.scope === 'all'
              ? 'Repair every finding that can be repaired?'
              : `Repair: ${pending.finding.message}?`
          }
          theme={props.theme}
          onAnswer={repair}
        />
      )}
      <Text {...muted}>
        {busy
          ? 'Repairing...'
          : '↑/↓ select   f repair selected   F repair all   R audit again   Esc back'}
      </Text>
    </Box>
  );
}
