/**
 * The MFA layer: the service (`createMfa`), its option/result/event types and the store contract.
 * Other layers import it through this file only; src/index.ts names what is public.
 *
 * @module
 */
export { normaliseRecoveryCode } from './recovery.js';
export { createMfa } from './service.js';
export {
  type MfaRecord,
  type MfaState,
  type MfaStore,
  RECORD_FORMAT,
  type SealedSecret,
  type StoredAuthenticator,
  type StoredDevice,
} from './store.js';
export type * from './types/index.js';
