import type { DatasetMetadata } from '#core/metadata.js';
import type { AuditReport, Finding, RepairAction } from '#core/operations/audit.js';
import type { ExportProgress, ExportResult } from '#core/operations/export.js';
import type { FileListing } from '#core/operations/inspectFile.js';
import type { LoadProgress } from '#core/operations/load/execute.js';
import type { LoadRequest } from '#core/operations/load/plan.js';
import type { LoadReview } from '#core/operations/load/review.js';
import type { DatasetRow } from '#core/operations/overview.js';
import type {
  CellSeries,
  PreviewFrame,
  PreviewProgress,
  SeriesProgress,
} from '#core/operations/preview.js';
import type { VerifyProgress, VerifyReport, VerifyRequest } from '#core/operations/verify.js';
import type { ServerInfo } from '#core/store.js';
import type { Key } from '../terminal/keys.js';
import type { LoadOutcome, NameCheck } from '../services.js';
import type { AuditAction, AuditState, ConfirmAction } from './audit.js';
import type { BrowseAction, BrowseState, DetailsAction, FilterAction } from './browse.js';
import type { DialogAction, RemoveState, RenameState } from './dialogs.js';
import type { ExportAction, ExportState } from './exportScreen.js';
import type { LoadJob } from './loads.js';
import type { LogAction, LogEntry, LogState } from './log.js';
import type { MetadataViewAction, MetadataViewState } from './metadataView.js';
import type { PreviewAction, PreviewState } from './preview.js';
import type { VerifyAction, VerifyState } from './verifyScreen.js';
import type { WizardAction } from './wizard/bindings.js';
import type { LoadAnswers, WizardState } from './wizard/state.js';

export interface Size {
  columns: number;
  rows: number;
}

export type ConnectionState =
  { state: 'connecting' } | { state: 'connected' } | { state: 'disconnected'; detail: string };

export type Tone = 'plain' | 'muted' | 'error' | 'warning' | 'success';

export interface Message {
  text: string;
  tone: Tone;
  /** Already in the log in other words (a load's end, told as it came): not kept again. */
  logged?: boolean;
}

/** A dataset's metadata as the panes know it. */
export type MetadataEntry =
  | { status: 'loading' }
  | { status: 'loaded'; value: DatasetMetadata | null }
  | { status: 'failed'; detail: string };

/** The screen in front of the dataset list (which is always underneath). */
export type Screen =
  | { kind: 'browse' }
  | { kind: 'load'; wizard: WizardState }
  | { kind: 'audit'; audit: AuditState }
  | { kind: 'rename'; dialog: RenameState }
  | { kind: 'remove'; dialog: RemoveState }
  | { kind: 'preview'; preview: PreviewState }
  | { kind: 'log'; log: LogState }
  | { kind: 'metadata'; view: MetadataViewState }
  | { kind: 'export'; export: ExportState }
  | { kind: 'verify'; verify: VerifyState };

/**
 * The actions each screen's keys are bound to, besides the app's own (help, quit): what its
 * entry in the screen registry (screenRegistry.ts) must handle.
 */
export interface ScreenActions {
  browse: BrowseAction | DetailsAction | FilterAction;
  load: WizardAction;
  audit: AuditAction | ConfirmAction;
  rename: DialogAction;
  remove: DialogAction;
  preview: PreviewAction;
  log: LogAction;
  metadata: MetadataViewAction;
  export: ExportAction;
  verify: VerifyAction;
}

export interface AppState {
  size: Size;
  /** Shown in the status bar; the password is already hidden. */
  server: string;
  database: string;
  version: string;
  connection: ConnectionState;
  datasets: DatasetRow[] | null;
  /** Names an operation holds, running or interrupted (the audit tells which). */
  held: string[];
  metadata: Record<string, MetadataEntry>;
  browse: BrowseState;
  screen: Screen;
  /** The help screen, over whatever is in front; its scroll position. */
  help: { selected: number } | null;
  /** One line under the screen: the answer to the last key, until the next key. */
  message: Message | null;
  /** Ctrl-C (or a signal) arrived while something was writing: quit once it has settled. */
  quitting: { code: number } | null;
  /** Numbers each request whose answer may arrive after the operator moved on. */
  sequence: number;
  /** The loads started in this session, by dataset: they run whichever screen is in front. */
  loads: Record<string, LoadJob>;
  /** Every message of the session, oldest first (the log screen, L). */
  log: LogEntry[];
  /** What the last load started was asked: the wizard offers it again for the next file. */
  lastLoad: LoadAnswers | null;
}

/** Work the model asks for; the effect runner does it and answers with a message. */
export type Effect =
  | { type: 'listDatasets' }
  | { type: 'serverInfo' }
  | { type: 'readMetadata'; name: string }
  | { type: 'ping'; delayMs: number }
  | { type: 'pollLater'; delayMs: number }
  | { type: 'pollDatasets'; known: DatasetRow[]; sequence: number }
  | { type: 'metadataDocument'; name: string; sequence: number }
  | { type: 'inspectFile'; path: string; sequence: number }
  | { type: 'matchFiles'; typed: string; sequence: number }
  | { type: 'remind'; delayMs: number; sequence: number }
  | { type: 'completePath'; field: 'path' | 'config'; typed: string }
  | { type: 'siblingConfig'; path: string }
  | { type: 'checkName'; name: string }
  | { type: 'checkConfig'; path: string }
  | { type: 'review'; request: LoadRequest; sequence: number }
  | { type: 'load'; request: LoadRequest }
  | { type: 'cancelLoad'; name: string }
  | { type: 'audit'; sequence: number; deep: boolean }
  | { type: 'repair'; findings: Finding[] }
  | { type: 'rename'; from: string; to: string }
  | { type: 'remove'; name: string }
  | { type: 'preview'; name: string; index: number; parameter: string | null; sequence: number }
  | { type: 'stopPreview'; name: string }
  | { type: 'export'; name: string; path: string; sequence: number }
  | { type: 'cancelExport' }
  | { type: 'cancelVerify' }
  | { type: 'verify'; request: VerifyRequest; sequence: number }
  | { type: 'cellSeries'; name: string; cell: number; parameter: string | null; sequence: number }
  | { type: 'stopCellSeries'; name: string }
  | { type: 'exit'; code: number }
  | { type: 'suspend' };

/** What reaches the model: keys, the terminal, and the answers to its effects. */
export type Msg =
  | { type: 'key'; key: Key }
  | { type: 'resize'; size: Size }
  | { type: 'signal'; code: number }
  | { type: 'datasets'; rows: DatasetRow[]; held: string[] }
  | { type: 'serverInfo'; info: ServerInfo }
  | { type: 'metadata'; name: string; metadata: DatasetMetadata | null }
  | { type: 'metadataFailed'; name: string; error: unknown }
  | { type: 'reconnected' }
  | { type: 'pollDue' }
  | { type: 'datasetsPolled'; sequence: number; rows: DatasetRow[]; held: string[]; ms: number }
  | { type: 'metadataDocument'; sequence: number; metadata: DatasetMetadata | null }
  | {
      type: 'failed';
      effect: Effect['type'];
      error: unknown;
      sequence?: number;
      /** The dataset of a failed load. */
      dataset?: string;
    }
  | { type: 'fileInspected'; sequence: number; listing: FileListing }
  | { type: 'filesMatched'; sequence: number; files: string[] }
  | { type: 'reminded'; sequence: number }
  | { type: 'completions'; field: 'path' | 'config'; typed: string; found: string[] }
  | { type: 'siblingConfig'; path: string; config: string | null }
  | { type: 'nameChecked'; name: string; check: NameCheck }
  | { type: 'configChecked'; path: string; problem: string | null }
  | { type: 'reviewed'; sequence: number; review: LoadReview }
  | { type: 'loadProgress'; name: string; progress: LoadProgress }
  | { type: 'loadClock'; name: string; elapsedMs: number }
  | { type: 'loaded'; name: string; outcome: LoadOutcome }
  | { type: 'loadCancelled'; name: string }
  | { type: 'auditProgress'; sequence: number; checked: number; total: number }
  | { type: 'audited'; sequence: number; report: AuditReport }
  | { type: 'repairProgress'; done: number; total: number }
  | { type: 'repaired'; actions: RepairAction[] }
  | { type: 'renamed'; from: string; to: string }
  | { type: 'removed'; name: string }
  | { type: 'previewFrame'; sequence: number; frame: PreviewFrame }
  | { type: 'previewProgress'; sequence: number; progress: PreviewProgress }
  | { type: 'exportProgress'; sequence: number; progress: ExportProgress }
  | { type: 'exported'; sequence: number; result: ExportResult }
  | { type: 'exportCancelled'; sequence: number }
  | { type: 'verifyProgress'; sequence: number; progress: VerifyProgress }
  | { type: 'verified'; sequence: number; report: VerifyReport }
  | { type: 'cellSeries'; sequence: number; series: CellSeries }
  | { type: 'cellSeriesProgress'; sequence: number; progress: SeriesProgress };

/** A model step: the next state and the work it asks for. */
export interface Step {
  state: AppState;
  effects: Effect[];
}

export const step = (state: AppState, ...effects: Effect[]): Step => ({ state, effects });
