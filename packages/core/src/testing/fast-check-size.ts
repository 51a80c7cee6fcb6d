/**
 * Vitest setup file of every node project: fast-check properties that name no `numRuns` run
 * at the size `ARION_TEST_SIZE` gives fast-check's own default of 100 (see `test-size.ts`).
 */
import fc from 'fast-check';
import { testSize } from './test-size';

fc.configureGlobal({ numRuns: testSize(100, 'fast-check properties without their own numRuns') });
