import { spawn } from 'node:child_process';

/**
 * Runs a Python 3 script with JSON in and JSON out: the original tool was Python, so Python's
 * own round(), '%.Nf', math.fsum, statistics and hashlib are the independent oracle for the
 * numbers flux-manage must reproduce. NaN travels as null in both directions.
 */
export function python<T>(script: string, input: unknown): Promise<T> {
  const prelude = [
    'import json, sys, math',
    'def _nan_to_none(v):',
    '    if isinstance(v, float) and (math.isnan(v) or math.isinf(v)): return None',
    '    if isinstance(v, list): return [_nan_to_none(x) for x in v]',
    '    if isinstance(v, dict): return {k: _nan_to_none(x) for k, x in v.items()}',
    '    return v',
    'data = json.load(sys.stdin)',
    'def emit(value): sys.stdout.write(json.dumps(_nan_to_none(value)))',
  ].join('\n');
  return new Promise((resolve, reject) => {
    const child = spawn('python3', ['-c', `${prelude}\n${script}`], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`python3 failed (${code}): ${err}`));
      else resolve(JSON.parse(out) as T);
    });
    child.stdin.end(
      JSON.stringify(input, (_key, value) =>
        typeof value === 'number' && !Number.isFinite(value) ? null : value,
      ),
    );
  });
}

/** Python's statistics for a list of values (None skipped): what SPEC 4's `stats` must equal. */
export const PYTHON_STATS = `
import statistics
def stats(values):
    v = [x for x in values if x is not None]
    if not v: return {'mean': None, 'min': None, 'max': None, 'std': None, 'median': None}
    return {'mean': math.fsum(v) / len(v), 'min': min(v), 'max': max(v),
            'std': statistics.stdev(v) if len(v) > 1 else None, 'median': statistics.median(v)}
`;
