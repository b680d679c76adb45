import { UsageError } from '#core/errors.js';
import {
  auditDatabase,
  repairDatabase,
  type AuditOptions,
  type AuditProgress,
  type Finding,
} from '#core/operations/audit.js';
import {
  listCoordIndexIds,
  listDatasets,
  metadataText,
  listMetadataIds,
  showMetadata,
} from '#core/operations/listDatasets.js';
import { datesUncheckedNotice, findingAdvice, repairLine } from '#core/operations/notices.js';
import type { Output } from '../output.js';
import type { CommandSpec } from '../spec.js';

export const LIST_KINDS = ['collections', 'metadata', 'coord_index'] as const;

export const dbCommand: CommandSpec = {
  name: 'db',
  summary: "list datasets, show a dataset's metadata, or audit (and repair) the database",
  usage: 'flux-manage db -l collections|metadata|coord_index [-x] | -n NAME | -a [--fix] [--deep]',
  connects: true,
  options: [
    {
      long: 'list_ids',
      short: 'l',
      value: 'WHAT',
      description: 'list dataset ids',
      choices: LIST_KINDS,
    },
    {
      long: 'include_counts',
      short: 'x',
      description: "with -l collections: show each dataset's record count",
    },
    {
      long: 'collection_name',
      short: 'n',
      value: 'NAME',
      description: 'show the metadata of dataset NAME',
    },
    {
      long: 'audit',
      short: 'a',
      description: 'check that datasets, metadata and coord_index agree',
    },
    { long: 'fix', description: 'with -a: repair what is safe to repair' },
    {
      long: 'deep',
      description:
        "with -a: also read every dataset's documents (each collection once), check them against the metadata and coord_index, and run the load's data checks on them",
    },
  ],
  examples: [
    'flux-manage db -l collections -x',
    'flux-manage db -l metadata',
    'flux-manage db -n casa_gfed_2004',
    'flux-manage db -a',
    'flux-manage db -a --fix',
    'flux-manage db -a --deep',
  ],
  async run(args, context) {
    const { options } = args;
    const { output } = context;
    if (!options.list_ids && !options.collection_name && !options.audit) {
      throw new UsageError('db: give one of -l/--list_ids, -n/--collection_name or -a/--audit');
    }
    if (options.fix && !options.audit) throw new UsageError('db: --fix goes with -a/--audit');
    if (options.deep && !options.audit) throw new UsageError('db: --deep goes with -a/--audit');
    const check: AuditOptions = {
      deep: options.deep === true,
      // Reading every dataset takes a while: say how far it got (stderr, not with --quiet).
      ...(options.deep === true ? { onProgress: deepProgress(output) } : {}),
    };
    if (options.include_counts && options.list_ids !== 'collections') {
      output.warn('-x (record counts) only applies to -l collections; ignored');
    }
    return context.withStore(async (store) => {
      const results: Record<string, unknown> = {};
      if (options.list_ids === 'collections') {
        const datasets = await listDatasets(store, { counts: options.include_counts === true });
        if (output.json) results.collections = datasets;
        for (const dataset of output.json ? [] : datasets) {
          const counted =
            dataset.records === undefined
              ? dataset.name
              : `${dataset.name} (${dataset.records} records)`;
          output.line(dataset.interrupted ? `${counted}  [${dataset.interrupted}]` : counted);
        }
      } else if (options.list_ids === 'metadata' || options.list_ids === 'coord_index') {
        const ids =
          options.list_ids === 'metadata'
            ? await listMetadataIds(store)
            : await listCoordIndexIds(store);
        if (output.json) results[options.list_ids] = ids;
        else ids.forEach((id) => output.line(id));
      }
      if (typeof options.collection_name === 'string') {
        const metadata = await showMetadata(store, options.collection_name);
        if (output.json) results.metadata = metadata;
        else output.line(metadataText(metadata));
      }
      let code = 0;
      if (options.audit)
        code = options.fix
          ? await fix(output, results, store, check)
          : await audit(output, results, store, check);
      if (output.json) {
        const keys = Object.keys(results);
        output.result(keys.length === 1 ? results[keys[0] as string] : results);
      }
      return code;
    });
  },
};

function findingLine(finding: Finding): string {
  if (finding.kind === 'busy') return `NOTE: ${finding.message}`;
  if (finding.kind === 'data-check') return `DATA CHECK: ${finding.message}`;
  return `INCONSISTENCY FOUND: ${finding.message}`;
}

/** A line every 10% of the datasets (and the last), on stderr. */
function deepProgress(output: Output): (progress: AuditProgress) => void {
  let shown = -1;
  return ({ checked, total }) => {
    const tenth = total ? Math.floor((checked * 10) / total) : 10;
    if (checked === 0 || (tenth === shown && checked !== total)) return;
    shown = tenth;
    output.note(`Checked the data of ${checked} of ${total} datasets`);
  };
}

async function audit(
  output: Output,
  results: Record<string, unknown>,
  store: Parameters<typeof auditDatabase>[0],
  check: AuditOptions,
): Promise<number> {
  const report = await auditDatabase(store, check);
  if (output.json) {
    results.audit = {
      clean: report.clean,
      findings: report.findings.map(({ entry: _entry, ...finding }) => finding),
      datesUnchecked: report.datesUnchecked,
    };
    return 0;
  }
  for (const finding of report.findings) {
    output.line(findingLine(finding));
    const advice = findingAdvice(finding);
    if (advice) output.line(`  (--fix cannot repair this: ${advice})`);
    else if (finding.repair) output.line(`  (--fix will ${finding.repair})`);
  }
  output.line();
  output.line('Database audit complete.');
  if (report.clean) output.line('No inconsistencies found!');
  else
    output.line(
      `${report.findings.filter((f) => f.kind !== 'busy' && f.kind !== 'data-check').length} inconsistencies found; \`flux-manage db -a --fix\` repairs what is safe.`,
    );
  const unchecked = datesUncheckedNotice(report.datesUnchecked);
  if (unchecked) output.line(unchecked);
  return 0;
}

async function fix(
  output: Output,
  results: Record<string, unknown>,
  store: Parameters<typeof auditDatabase>[0],
  check: AuditOptions,
): Promise<number> {
  const { actions, after } = await repairDatabase(store, check);
  if (output.json) {
    results.audit = {
      repairs: actions.map(({ finding: { entry: _entry, ...finding }, done, detail }) => ({
        ...finding,
        repaired: done,
        detail,
      })),
      clean: after.clean,
      remaining: after.findings.map(({ entry: _entry, ...finding }) => finding),
      datesUnchecked: after.datesUnchecked,
    };
    return after.clean ? 0 : 1;
  }
  for (const action of actions) {
    output.line(findingLine(action.finding));
    output.line(`  ${repairLine(action)}`);
  }
  output.line();
  output.line('Database audit complete.');
  if (after.clean)
    output.line(
      actions.length
        ? 'All inconsistencies repaired. No inconsistencies found!'
        : 'No inconsistencies found!',
    );
  else {
    output.line(`Still inconsistent after --fix:`);
    for (const finding of after.findings)
      if (finding.kind !== 'busy') output.line(`  ${findingLine(finding)}`);
  }
  const unchecked = datesUncheckedNotice(after.datesUnchecked);
  if (unchecked) output.line(unchecked);
  return after.clean ? 0 : 1;
}
