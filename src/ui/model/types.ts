import type { DatasetMetadata } from '#core/metadata.js';
import type { AuditReport, Finding, RepairAction } from '#core/operations/audit.js';
import type { FileListing } from '#core/operations/inspectFile.js';
import type { LoadProgress } from '#core/operations/load/execute.js';
import type { LoadRequest } from '#core/operations/load/plan.js';
import type { LoadReview } from '#core/operations/load/review.js';
import type { DatasetRow } from '#core/operations/overview.js';
import type { PreviewFrame } from '#core/operations/preview.js';
import type { ServerInfo } from '#core/store.js';
import type { Key } from '../terminal/keys.js';
import type { LoadOutcome, NameCheck } from '../services.js';
import type { AuditAction, AuditState, ConfirmAction } from './audit.js';
import type { BrowseAction, BrowseState, DetailsAction, FilterAction } from './browse.js';
import type { DialogAction, RemoveState, RenameState } from './dialogs.js';
import type { MetadataViewAction, MetadataViewState } from './metadataView.js';
import type { PreviewAction, PreviewState } from './preview.js';
import type { WizardAction } from './wizard/bindings.js';
import type { WizardState } from './wizard/state.js';

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
  | { kind: 'metadata'; view: MetadataViewState };

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
  metadata: MetadataViewAction;
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
  | { type: 'completePath'; field: 'path' | 'config'; typed: string }
  | { type: 'siblingConfig'; path: string }
  | { type: 'checkName'; name: string }
  | { type: 'checkConfig'; path: string }
  | { type: 'review'; request: LoadRequest; sequence: number }
  | { type: 'load'; request: LoadRequest }
  | { type: 'cancelLoad' }
  | { type: 'audit'; sequence: number; deep: boolean }
  | { type: 'repair'; findings: Finding[] }
  | { type: 'rename'; from: string; to: string }
  | { type: 'remove'; name: string }
  | { type: 'preview'; name: string; index: number; sequence: number }
  | { type: 'exit'; code: number };

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
  | { type: 'failed'; effect: Effect['type']; error: unknown; sequence?: number }
  | { type: 'fileInspected'; sequence: number; listing: FileListing }
  | { type: 'completions'; field: 'path' | 'config'; typed: string; found: string[] }
  | { type: 'siblingConfig'; path: string; config: string | null }
  | { type: 'nameChecked'; name: string; check: NameCheck }
  | { type: 'configChecked'; path: string; problem: string | null }
  | { type: 'reviewed'; sequence: number; review: LoadReview }
  | { type: 'loadProgress'; progress: LoadProgress }
  | { type: 'loaded'; outcome: LoadOutcome }
  | { type: 'loadCancelled' }
  | { type: 'auditProgress'; sequence: number; checked: number; total: number }
  | { type: 'audited'; sequence: number; report: AuditReport }
  | { type: 'repairProgress'; done: number; total: number }
  | { type: 'repaired'; actions: RepairAction[] }
  | { type: 'renamed'; from: string; to: string }
  | { type: 'removed'; name: string }
  | { type: 'previewFrame'; sequence: number; frame: PreviewFrame };

/** A model step: the next state and the work it asks for. */
export interface Step {
  state: AppState;
  effects: Effect[];
}

export const step = (state: AppState, ...effects: Effect[]): Step => ({ state, effects });
