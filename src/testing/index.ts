/**
 * Test helpers for applications and third-party stores: the RFC 4226 and RFC 6238 test vectors
 * as plain data, and the store conformance suite for any test runner. Loading this entry loads no
 * test framework.
 *
 * @module
 */
export { largestRecord, sampleRecord } from './conformance/records.js';
export { describeStoreConformance } from './conformance/suite.js';
export type { ConformanceRunner, StoreHarness } from './conformance/types.js';
export * from './vectors.js';
