/**
 * The public shapes of the MFA service, one file per kind: options, results, events and the service.
 *
 * @module
 */
export type * from './events.js';
export type * from './mfa.js';
export type * from './options.js';
export type * from './results.js';
