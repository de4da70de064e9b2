/**
 * What every layer shares: the error class and its codes, the bounds, the defaults and the
 * argument checks. Other folders import it through this file only.
 *
 * @module
 */
export * from './checks.js';
export * from './defaults.js';
export * from './errors.js';
export * from './limits.js';
