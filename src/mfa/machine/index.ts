/**
 * The state machine: every transition as a pure function of (record, action, context).
 *
 * @module
 */
export { decideReset, statusOf } from './account.js';
export { decideDisable, decideRegenerate, decideUseRecoveryCode, decideVerify } from './codes.js';
export { type DecideContext, type Decision, effectiveState } from './common.js';
export { decideBeginEnable, decideCancelEnable, decideConfirmEnable, decideImport } from './enrolment.js';
