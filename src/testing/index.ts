/**
 * Test helpers for applications and third-party stores: the RFC 4226 and RFC 6238 test vectors
 * as typed data, and the store conformance suite.
 *
 * @module
 */
export * from './conformance.js';
export * from './vectors.js';
