import type { ReactElement } from 'react';
import type { ScreenKind, ScreenOf } from '../model/screenDefinition.js';
import type { AppState } from '../model/types.js';
import type { Theme } from '../theme.js';
import { AuditView } from './AuditView.js';
import { BrowseView } from './BrowseView.js';
import { RemoveView, RenameView } from './DialogViews.js';
import { ExportView } from './ExportView.js';
import { LogView } from './LogView.js';
import { MetadataView } from './MetadataView.js';
import { PreviewView } from './PreviewView.js';
import { VerifyView } from './VerifyView.js';
import { WizardView } from './WizardView.js';

interface ViewProps<K extends ScreenKind> {
  app: AppState;
  screen: ScreenOf<K>;
  height: number;
  theme: Theme;
}

/**
 * How each screen is drawn, by its kind, beside the model's registry (model/screenRegistry.ts)
 * rather than in it: the model stays free of React. A kind without a view does not compile.
 */
const SCREEN_VIEWS: { [K in ScreenKind]: (props: ViewProps<K>) => ReactElement } = {
  browse: ({ app, height, theme }) => <BrowseView app={app} height={height} theme={theme} />,
  load: ({ app, screen, height, theme }) => (
    <WizardView app={app} wizard={screen.wizard} height={height} theme={theme} />
  ),
  audit: ({ app, screen, height, theme }) => (
    <AuditView app={app} audit={screen.audit} height={height} theme={theme} />
  ),
  rename: ({ app, screen, theme }) => (
    <RenameView dialog={screen.dialog} width={app.size.columns} theme={theme} />
  ),
  remove: ({ app, screen, theme }) => (
    <RemoveView dialog={screen.dialog} width={app.size.columns} theme={theme} />
  ),
  preview: ({ app, screen, height, theme }) => (
    <PreviewView app={app} preview={screen.preview} height={height} theme={theme} />
  ),
  log: ({ app, screen, height, theme }) => (
    <LogView app={app} log={screen.log} height={height} theme={theme} />
  ),
  metadata: ({ app, screen, height, theme }) => (
    <MetadataView app={app} view={screen.view} height={height} theme={theme} />
  ),
  export: ({ app, screen, height, theme }) => (
    <ExportView app={app} state={screen.export} height={height} theme={theme} />
  ),
  verify: ({ app, screen, height, theme }) => (
    <VerifyView app={app} verify={screen.verify} height={height} theme={theme} />
  ),
};

/** The screen in front, drawn. */
export function screenView(app: AppState, height: number, theme: Theme): ReactElement {
  return drawScreen(app.screen.kind, app.screen, { app, height, theme });
}

// The kind as a type parameter is what lets the compiler see that the view and the state match.
function drawScreen<K extends ScreenKind>(
  kind: K,
  screen: ScreenOf<K>,
  props: Omit<ViewProps<K>, 'screen'>,
): ReactElement {
  return SCREEN_VIEWS[kind]({ ...props, screen });
}
