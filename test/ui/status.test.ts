import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { initialApp } from '#ui/model/app.js';
import { heldNotice, statusText } from '#ui/model/status.js';
import type { AppState } from '#ui/model/types.js';
import { datasetRow } from '#test/support/uiModel.js';

const FERRET = 'FerretDB v1.24.2 (MongoDB 7.0.77)';

function app(server: string, connection: AppState['connection'] = { state: 'connected' }) {
  return {
    ...initialApp(server, 'fluxvis', { columns: 80, rows: 24 }),
    connection,
    version: FERRET,
  };
}

describe('the status bar', () => {
  it('shows everything when it fits', () => {
    // 85 columns: 1 + "connected" 9 + 2 + the URI 26 + 2 + "db fluxvis" 10 + 2 + the version 33.
    const server = 'mongodb://127.0.0.1:27203/';
    assert.equal(
      statusText(app(server), 85),
      ' connected  mongodb://127.0.0.1:27203/  db fluxvis  FerretDB v1.24.2 (MongoDB 7.0.77)',
    );
    assert.equal(
      statusText(app(server), 84),
      ' connected  mongodb://127.0.0.1:27203/  db fluxvis  FerretDB v1.24.2',
    );
  });

  it('drops the version before it shortens the server', () => {
    // 83 columns with the whole version: the "(MongoDB ...)" part goes, then the version.
    const server = 'mongodb://flux.example.org:27017/';
    assert.equal(
      statusText(app(server), 80),
      ' connected  mongodb://flux.example.org:27017/  db fluxvis  FerretDB v1.24.2',
    );
    assert.equal(
      statusText(app(server), 60),
      ' connected  mongodb://flux.example.org:27017/  db fluxvis',
    );
  });

  it('keeps the database and the state with a long URI: the URI loses its options, then its scheme', () => {
    const server =
      'mongodb://operator:***@mongo-prod-01.carbon-monitoring.example.org:27017/?authSource=admin&tls=true&w=majority';
    assert.equal(
      statusText(app(server), 80),
      ' connected  mongo-prod-01.carbon-monitoring.example.org:27017  db fluxvis',
    );
    assert.equal(
      statusText(app(server), 90),
      ' connected  mongodb://mongo-prod-01.carbon-monitoring.example.org:27017  db fluxvis',
    );
  });

  it('cuts the hosts in the middle when even they do not fit, never the database', () => {
    const server =
      'mongodb://user:***@shard-a-01.very-long-data-centre-name.example.org:27017,shard-a-02.very-long-data-centre-name.example.org:27017/?replicaSet=rs0';
    const text = statusText(app(server, { state: 'disconnected', detail: 'gone' }), 80);
    assert.equal(text.length, 80);
    assert.ok(text.startsWith(' disconnected (retrying)  shard-'), text);
    assert.ok(text.endsWith('.org:27017  db fluxvis'), text);
    assert.ok(text.includes('…'), text);
  });

  it('never shows credentials, even when handed a URI with its password', () => {
    const server = 'mongodb://alice:hunter2@db.example:27017/?authSource=admin';
    for (const width of [120, 80, 50]) {
      const text = statusText(app(server), width);
      assert.ok(!text.includes('hunter2'), text);
      assert.match(text, /db fluxvis/);
    }
    assert.ok(statusText(app(server), 120).includes('mongodb://alice:***@db.example:27017/'));
    // Shortened forms drop the user too.
    assert.equal(statusText(app(server), 60), ' connected  mongodb://db.example:27017  db fluxvis');
  });

  it('says it is connecting, without a version it does not know yet', () => {
    assert.equal(
      statusText(app('mongodb://db.example/', { state: 'connecting' }), 80),
      ' connecting...  mongodb://db.example/  db fluxvis',
    );
  });
});

describe('the note on datasets an operation holds', () => {
  it('says which: marked in the list, or named when the list cannot show it', () => {
    const base = app('mongodb://db.example/');
    const listed = { ...base, datasets: [datasetRow('casa'), datasetRow('kriged')] };
    assert.equal(
      heldNotice({ ...listed, held: ['casa'] }),
      '! "casa" (marked !): operation running or interrupted; see the audit (a)',
    );
    assert.equal(
      heldNotice({ ...listed, held: ['casa_new'] }),
      '! "casa_new" (not in the list): operation running or interrupted; see the audit (a)',
    );
  });
});
