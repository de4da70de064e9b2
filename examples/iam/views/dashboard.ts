/**
 * The dashboard: the account, its MFA status, and the Enable MFA / Disable MFA button that opens the
 * status popup; while MFA is on, the authenticator apps and the remembered devices too. The popups it
 * may need are rendered with it (closed unless the request opened one).
 */
import { html } from 'hono/html';
import type { AuthenticatorInfo, DeviceInfo, MfaStatus, VerificationMethod } from 'mfakit';
import type { SessionProof } from '../session.js';
import { addDialog, authenticatorsCard, removeDialog, renameDialog } from './authenticators.js';
import { devicesCard } from './devices.js';
import { type DialogId, disableDialog, statusDialog, statusLine } from './dialogs.js';
import { type HeaderUser, type Html, page } from './layout.js';

const PROVEN_BY: Record<VerificationMethod, string> = {
  totp: 'Password and authenticator app',
  recovery_code: 'Password and recovery code',
  device: 'Password and remembered device',
};

/** What the dashboard shows. */
export interface DashboardView {
  user: HeaderUser;
  status: MfaStatus;
  /** A one-line confirmation of what just happened. */
  notice?: string;
  /** Which of the dashboard's own dialogs is rendered open. */
  open?: DialogId;
  /** A dialog that only this response has (setup, recovery codes), rendered open. */
  extraDialog?: Html;
  /** Why the last disable code was refused. */
  disableError?: string;
  /** How this session's sign-in was proven. */
  proof?: SessionProof | null;
  /** The account's authenticators and remembered devices (listed while MFA is on). */
  authenticators?: AuthenticatorInfo[];
  devices?: DeviceInfo[];
  /** Why the action of the `open` authenticator dialog was refused, and the name that was typed. */
  dialogError?: string;
  dialogLabel?: string;
}

/**
 * The dashboard page.
 *
 * @param view - user, status, notice and dialogs
 * @returns the page
 */
export function dashboardPage(view: DashboardView): Html {
  const { user, status } = view;
  const enabled = status.state === 'enabled';
  return page(
    'Dashboard',
    html`<h1>Welcome, ${user.username}</h1>
    ${view.notice ? html`<p class="notice" role="status">${view.notice}</p>` : ''}
    <div class="grid">
      <section class="card" aria-labelledby="profile-heading">
        <h2 id="profile-heading">Profile</h2>
        <dl class="facts">
          <dt>Username</dt><dd>${user.username}</dd>
          <dt>Password</dt><dd>Set</dd>
          <dt>Signed in with</dt><dd>${view.proof ? PROVEN_BY[view.proof.method] : 'Password'}</dd>
        </dl>
      </section>
      <section class="card" aria-labelledby="mfa-heading">
        <h2 id="mfa-heading">Multi-factor authentication</h2>
        ${statusLine(status)}
        <p class="muted">${
          enabled
            ? html`Signing in asks for a code from your authenticator app. ${status.recoveryCodesRemaining} recovery codes left.`
            : 'Add a code from an authenticator app to every sign-in.'
        }</p>
        <form method="get" action="/mfa" data-opens="mfa-status">
          <button class="button ${enabled ? '' : 'primary'}" data-dialog-return>${enabled ? 'Disable MFA' : 'Enable MFA'}</button>
        </form>
      </section>
      ${enabled ? securityCards(view) : ''}
    </div>
    ${statusDialog(status, user.csrfToken, view.open === 'mfa-status')}
    ${enabled ? disableDialog(user.csrfToken, view.open === 'mfa-disable', view.disableError) : ''}
    ${enabled ? securityDialogs(view) : ''}
    ${view.extraDialog ?? ''}`,
    user,
  );
}

function authenticatorsView(view: DashboardView) {
  return {
    csrfToken: view.user.csrfToken,
    authenticators: view.authenticators ?? [],
    open: view.open,
    error: view.dialogError,
    label: view.dialogLabel,
  };
}

function securityCards(view: DashboardView): Html {
  return html`${authenticatorsCard(authenticatorsView(view))}
      ${devicesCard({ csrfToken: view.user.csrfToken, devices: view.devices ?? [], thisDeviceId: view.proof?.deviceId })}`;
}

function securityDialogs(view: DashboardView): Html {
  const authenticators = authenticatorsView(view);
  return html`${addDialog(authenticators)}
    ${authenticators.authenticators.map(
      (authenticator) => html`${renameDialog(authenticators, authenticator)}
    ${removeDialog(authenticators, authenticator)}`,
    )}`;
}
