import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { render } from 'ink-testing-library';
import { App } from '#ui/App.js';

const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

describe('App (placeholder)', () => {
  it('lists the datasets with their record counts', async () => {
    const listDatasets = async () => [
      { name: 'casa_gfed', records: 8 },
      { name: 'xco2', records: 1311 },
    ];
    const view = render(
      <App server="mongodb://u:***@h/" database="fluxvis" listDatasets={listDatasets} />,
    );
    await settle();
    const frame = view.lastFrame() ?? '';
    assert.match(frame, /casa_gfed \(8 records\)/);
    assert.match(frame, /xco2 \(1311 records\)/);
    assert.match(frame, /mongodb:\/\/u:\*\*\*@h\/ \/ fluxvis/);
    view.unmount();
  });

  it('shows the error when listing fails', async () => {
    const view = render(
      <App
        server="s"
        database="d"
        listDatasets={() => Promise.reject(new Error('cannot reach MongoDB'))}
      />,
    );
    await settle();
    assert.match(view.lastFrame() ?? '', /cannot reach MongoDB/);
    view.unmount();
  });
});
