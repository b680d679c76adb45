import type { AuditReport, Finding, RepairAction } from '#core/operations/audit.js';
import type { DatasetRow } from '#core/operations/overview.js';
import type { FileListing } from '#core/operations/inspectFile.js';
import type { LoadProgress, LoadResult } from '#core/operations/load/execute.js';
import type { LoadRequest } from '#core/operations/load/plan.js';
import type { LoadReview } from '#core/operations/load/review.js';
import type { PreviewFrame } from '#core/operations/preview.js';
import type { ServerInfo } from '#core/store.js';

/** What a dataset name would mean for a load: typed into the wizard, checked as you type. */
export type NameCheck = { ok: true; exists: boolean } | { ok: false; reason: string };

/**
 * Everything the terminal UI does, as the same core operations the CLI calls. The CLI's `ui`
 * command builds it over a real connection; components never touch the store or files.
 */
export interface UiServices {
  /** Shown in the status bar; the password is already hidden. */
  readonly server: string;
  readonly database: string;
  serverInfo(): Promise<ServerInfo>;
  listDatasets(): Promise<DatasetRow[]>;
  metadata(name: string): Promise<Record<string, unknown> | null>;
  preview(name: string, timeIndex: number): Promise<PreviewFrame>;
  checkName(name: string): Promise<NameCheck>;
  rename(from: string, to: string): Promise<void>;
  remove(name: string): Promise<void>;
  audit(): Promise<AuditReport>;
  repair(findings: Finding[]): Promise<RepairAction[]>;
  inspectFile(path: string): Promise<FileListing>;
  completePath(partial: string): Promise<string[]>;
  /** The sibling .json of a data file, if there is one. */
  siblingConfig(path: string): Promise<string | null>;
  checkOverrides(text: string): string | null;
  review(request: LoadRequest): Promise<LoadReview>;
  load(
    request: LoadRequest,
    onProgress: (progress: LoadProgress) => void,
    signal: AbortSignal,
  ): Promise<LoadResult>;
}
