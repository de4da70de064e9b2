/**
 * The state machine: every transition as a pure function of (record, action, context), one file
 * per family of actions (enrolment, sign-in, management, account), built from the shared pieces in
 * decision.ts, records.ts, proofs.ts and refusals.ts.
 *
 * @module
 */
export { decideReset, statusOf } from './account.js';
export {
  type AddDecision,
  authenticatorsInfo,
  decideBeginAddAuthenticator,
  decideCancelAuthenticator,
  decideConfirmAuthenticator,
  decideRemoveAuthenticator,
  decideRenameAuthenticator,
  type NewAuthenticator,
} from './authenticators.js';
export type { DecideContext, Decision } from './decision.js';
export { decideCheckDevice, decideForgetDevices, devicesOf, type NewDevice } from './devices.js';
export { decideBeginEnable, decideCancelEnable, decideConfirmEnable, decideImport } from './enrolment.js';
export { decideDisable, decideRegenerate } from './management.js';
export { effectiveState, upgradeRecord } from './records.js';
export { decideUseRecoveryCode, decideVerify } from './sign-in.js';
