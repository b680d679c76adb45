import { fileURLToPath } from 'node:url';

/** The real input files (see test/fixtures/flux/README.md), with a trailing slash. */
export const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/flux/', import.meta.url));
