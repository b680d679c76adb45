/**
 * What each mediator knows of its stored datasets: which it recognises from their metadata,
 * which times that metadata lists, the values its documents hold, and its inverse (documents
 * back to the input they were built from). Inputs and expected values are written by hand.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveConfig } from '#core/config/effective.js';
import type { DatasetMetadata } from '#core/metadata.js';
import {
  familyOfDocument,
  MEDIATORS,
  storedMediator,
  storedMediatorOfFamily,
} from '#core/mediators/registry.js';
import type { DataDocument, MediatorDefinition } from '#core/mediators/types.js';
import type { GridSeries, ModelInput, ObservationSet, SquareMatrix } from '#core/models/inputs.js';

const mediator = (name: string) =>
  MEDIATORS.find((candidate) => candidate.name === name) as MediatorDefinition;

const T0 = new Date('2004-06-30T00:00:00Z');
const T1 = new Date('2004-06-30T03:00:00Z');
const T2 = new Date('2004-06-30T06:00:00Z');

/** Precision 2, ties to even on the exact binary value (0.125 -> 0.12, 0.375 -> 0.38). */
const config = (values: Record<string, unknown>) =>
  resolveConfig(
    [
      {
        source: { kind: 'config', file: 'test.json' },
        entries: Object.entries(values).map(([key, value]) => ({ key, value })),
      },
    ],
    'test.mat',
  );

async function documentsOf(m: MediatorDefinition, input: ModelInput, settings: object) {
  const documents: DataDocument[] = [];
  for await (const built of m
    .prepare(input, config(settings as Record<string, unknown>))
    .documents())
    documents.push(built.document);
  return documents;
}

async function* each<T>(items: T[]): AsyncIterable<T> {
  for (const item of items) yield item;
}

const gridInput = (span?: number): GridSeries => ({
  kind: 'grid-series',
  coordinates: [
    [-1.5, 10.5],
    [-0.5, 10.5],
    [0.5, 10.5],
  ],
  parameters: ['values'],
  times: [T0, T1],
  ...(span !== undefined ? { span } : {}),
  async *frames() {
    yield { time: T0, values: { values: Float64Array.from([0.125, Number.NaN, 2]) } };
    yield { time: T1, values: { values: Float64Array.from([0.375, -1, Number.NaN]) } };
  },
});

const STATS = { values: { mean: 0, min: 0, max: 0, std: 0, median: 0 } };

describe('mediators: the stored shape and the inverse', () => {
  it('Grid4D: documents back to the series, rounded, nulls as NaN, in time order', async () => {
    const grid4d = mediator('Grid4DMediator');
    const documents = await documentsOf(grid4d, gridInput(), { precision: 2, steps: [10800] });
    const metadata: DatasetMetadata = {
      _id: 'g',
      gridded: true,
      dates: ['2004-06-30T00:00:00', '2004-06-30T03:00:00'],
      steps: [10800],
      stats: STATS,
    };
    const input = (await grid4d.inverse({
      metadata,
      coordinates: gridInput().coordinates,
      documents: () => each(documents),
    })) as GridSeries;
    assert.equal(input.kind, 'grid-series');
    assert.deepEqual(input.times, [T0, T1]);
    assert.deepEqual(input.coordinates, gridInput().coordinates);
    const frames = [];
    for await (const frame of input.frames()) frames.push(frame);
    assert.deepEqual(
      frames.map((frame) => [frame.time, [...(frame.values.values as Float64Array)]]),
      [
        [T0, [0.12, Number.NaN, 2]],
        [T1, [0.38, -1, Number.NaN]],
      ],
    );
    assert.equal(input.span, undefined);
  });

  it('Grid3D: keeps the span its metadata lists', async () => {
    const grid3d = mediator('Grid3DMediator');
    const documents = await documentsOf(grid3d, gridInput(518400), {
      precision: 2,
      spans: [518400],
    });
    assert.equal(documents[0]?._span, 518400);
    const input = (await grid3d.inverse({
      metadata: {
        _id: 'k',
        gridded: true,
        dates: ['2004-06-30T00:00:00', '2004-06-30T03:00:00'],
        spans: [518400, 518400],
        stats: STATS,
      },
      coordinates: gridInput().coordinates,
      documents: () => each(documents),
    })) as GridSeries;
    assert.equal(input.span, 518400);
    assert.deepEqual(input.times, [T0, T1]);
  });

  it('Unstructured3D: observations back, each with its time and point', async () => {
    const unstructured = mediator('Unstructured3DMediator');
    const observations: ObservationSet = {
      kind: 'observations',
      coordinates: [
        [1, 2],
        [3, 4],
      ],
      times: [T1, T0],
      parameters: ['value', 'error'],
      values: {
        value: Float64Array.from([380.25, Number.NaN]),
        error: Float64Array.from([0.5, 0.25]),
      },
    };
    for (const geometry of [{ type: 'Point' }, { type: 'MultiPoint' }]) {
      const documents = await documentsOf(unstructured, observations, { geometry });
      const stats = { value: STATS.values, error: STATS.values };
      const input = (await unstructured.inverse({
        metadata: { _id: 'o', gridded: false, stats },
        coordinates: null,
        documents: () => each(documents),
      })) as ObservationSet;
      assert.deepEqual(input.times, [T1, T0], geometry.type);
      assert.deepEqual(input.coordinates, observations.coordinates);
      assert.deepEqual([...(input.values.value as Float64Array)], [380.25, Number.NaN]);
      assert.deepEqual([...(input.values.error as Float64Array)], [0.5, 0.25]);
      assert.deepEqual(
        documents.flatMap((document) => unstructured.stored.valuesIn(document, 'value')),
        [[380.25], [null]],
      );
    }
  });

  it('Covariance: the columns back, with the size and date of its metadata', async () => {
    const covariance = mediator('CovarianceMediator');
    const matrix: SquareMatrix = {
      kind: 'square-matrix',
      size: 2,
      time: T0,
      parameters: ['values'],
      async *columns() {
        yield Float64Array.from([1, 0.5]);
        yield Float64Array.from([0.5, 2]);
      },
    };
    const documents = await documentsOf(covariance, matrix, { precision: 5 });
    const input = (await covariance.inverse({
      metadata: {
        _id: 'c',
        gridded: true,
        dates: ['2004-06-30T00:00:00'],
        covariance: { size: 2 },
        stats: STATS,
      },
      coordinates: null,
      documents: () => each(documents),
    })) as SquareMatrix;
    assert.equal(input.size, 2);
    assert.deepEqual(input.time, T0);
    const columns = [];
    for await (const column of input.columns()) columns.push([...column]);
    assert.deepEqual(columns, [
      [1, 0.5],
      [0.5, 2],
    ]);
  });

  it('recognises a stored dataset by its metadata, the most specific kind first', () => {
    const base = { _id: 'd', stats: STATS };
    const series = {
      ...base,
      gridded: true,
      steps: [10800],
      dates: ['2004-06-30T00:00:00', '2004-06-30T09:00:00'],
    };
    assert.equal(storedMediator(series).name, 'Grid4DMediator');
    assert.deepEqual(storedMediator(series).stored.listedTimes(series), [
      T0,
      T1,
      T2,
      new Date('2004-06-30T09:00:00Z'),
    ]);
    const everyDate = { ...series, spans: [10800, 10800] };
    assert.equal(storedMediator(everyDate).name, 'Grid3DMediator');
    assert.equal(storedMediator(everyDate).stored.listedTimes(everyDate).length, 2);
    assert.equal(
      storedMediator({ ...base, gridded: false, dates: ['2009-06-16T00:00:00'] }).name,
      'Unstructured3DMediator',
    );
    assert.equal(
      storedMediator({ ...base, gridded: true, covariance: { size: 4 }, steps: [1] }).name,
      'CovarianceMediator',
    );
  });

  it('tells a stored document’s family when no metadata says it', () => {
    assert.equal(familyOfDocument({ _id: T0, values: [1] }), 'grid');
    assert.equal(familyOfDocument({ _id: 3, values: [1] }), 'matrix');
    assert.equal(
      familyOfDocument({ timestamp: T0, coordinates: [1, 2], properties: { value: 1 } }),
      'observations',
    );
    assert.equal(
      familyOfDocument({ features: [{ timestamp: T0, properties: { value: 1 } }] }),
      'observations',
    );
    assert.deepEqual(
      storedMediatorOfFamily('observations').stored.parametersIn({
        features: [{ properties: { value: 1, error: 2 } }],
      }),
      ['value', 'error'],
    );
    assert.deepEqual(
      storedMediatorOfFamily('grid').stored.parametersIn({
        _id: T0,
        _span: 5,
        values: [],
        errors: [],
      }),
      ['values', 'errors'],
    );
  });
});
