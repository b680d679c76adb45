import type { DatasetMetadata } from '#core/metadata.js';
import type { AuditReport, Finding, RepairAction } from '#core/operations/audit.js';
import type { ExportProgress, ExportResult } from '#core/operations/export.js';
import type { DatasetOverview, DatasetRow } from '#core/operations/overview.js';
import type { FileListing } from '#core/operations/inspectFile.js';
import type { LoadProgress, LoadResult } from '#core/operations/load/execute.js';
import type { LoadRequest } from '#core/operations/load/plan.js';
import type { LoadReview } from '#core/operations/load/review.js';
import type {
  CellSeries,
  PreviewFrame,
  PreviewOptions,
  SeriesOptions,
} from '#core/operations/preview.js';
import type { VerifyProgress, VerifyReport, VerifyRequest } from '#core/operations/verify.js';
import type { ServerInfo } from '#core/store.js';

/** What a dataset name would mean for a load: typed into the wizard, checked as you type. */
export type NameCheck = { ok: true; exists: boolean } | { ok: false; reason: string };

/** A finished load and what the operator must be told about it (the CLI says the same). */
export interface LoadOutcome {
  result: LoadResult;
  notices: string[];
}

/**
 * Everything the terminal UI does, as the same core operations the CLI calls. The CLI's `ui`
 * command builds it over a real connection; the UI never touches the store or files. A
 * failure to reach the server is a FluxError of kind "connection".
 */
export interface UiServices {
  /** Shown in the status bar; the password is already hidden. */
  readonly server: string;
  readonly database: string;
  serverInfo(): Promise<ServerInfo>;
  /** Resolves when the server answers; fails when it does not answer within a few seconds. */
  ping(): Promise<void>;
  listDatasets(): Promise<DatasetOverview>;
  /**
   * The list again, counting only the datasets that changed since `known` (the automatic
   * refresh); a cached preview of a changed or vanished dataset is dropped.
   */
  pollDatasets(known: DatasetRow[]): Promise<DatasetOverview>;
  metadata(name: string): Promise<DatasetMetadata | null>;
  /** A time step (held to the first and last) of a parameter; on FerretDB it reports how far it has read. */
  preview(
    name: string,
    timeIndex: number,
    options?: Pick<PreviewOptions, 'parameter' | 'onProgress'>,
  ): Promise<PreviewFrame>;
  /** The operator left the preview: stop a read still on its way (FerretDB walks in order). */
  stopPreview(name: string): Promise<void>;
  /** One cell's value at every time (the cell cursor); on FerretDB it reports each step read. */
  cellSeries(name: string, cell: number, options?: SeriesOptions): Promise<CellSeries>;
  /** The cell cursor moved away or was hidden: stop its series if it is still being read. */
  stopCellSeries(name: string): Promise<void>;
  checkName(name: string): Promise<NameCheck>;
  rename(from: string, to: string): Promise<void>;
  remove(name: string): Promise<void>;
  /** `deep`: read every dataset's documents too (db -a --deep). */
  audit(onProgress: (checked: number, total: number) => void, deep: boolean): Promise<AuditReport>;
  repair(
    findings: Finding[],
    onProgress: (done: number, total: number) => void,
  ): Promise<RepairAction[]>;
  inspectFile(path: string): Promise<FileListing>;
  /** The files a load of a typed path reads: the file, or a folder's that match `folder/*.mat`. */
  matchFiles(typed: string): Promise<string[]>;
  /** Paths that complete `partial`: folders, then the files `kind` loads, then the rest. */
  completePath(partial: string, kind?: 'data' | 'config'): Promise<string[]>;
  /** The sibling .json of a data file, if there is one. */
  siblingConfig(path: string): Promise<string | null>;
  /** Why a config file cannot be used (missing, not JSON, a key of the wrong type), or null. */
  checkConfig(path: string): Promise<string | null>;
  review(request: LoadRequest): Promise<LoadReview>;
  load(
    request: LoadRequest,
    onProgress: (progress: LoadProgress) => void,
    signal: AbortSignal,
  ): Promise<LoadOutcome>;
  /**
   * `export -n NAME -o PATH`: written under a temporary name and put in place at the end; an
   * abort leaves nothing (ExportCancelled).
   */
  exportDataset(
    name: string,
    path: string,
    onProgress: (progress: ExportProgress) => void,
    signal: AbortSignal,
  ): Promise<ExportResult>;
  /** `verify -n NAME -p FILE ...`: what a load of the file would store, against the dataset. */
  verify(
    request: VerifyRequest,
    onProgress: (progress: VerifyProgress) => void,
    signal?: AbortSignal,
  ): Promise<VerifyReport>;
}
