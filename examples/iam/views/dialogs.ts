/**
 * The MFA dialogs of the dashboard, as real <dialog> elements. The server renders a dialog with the
 * `open` attribute when a request leads to it (so everything works without JavaScript); app.js turns
 * those into modal dialogs, and opens the others in place when their button is pressed.
 */
import { html } from 'hono/html';
import type { MfaStatus } from 'mfakit';
import { csrfField, formError, type Html } from './layout.js';

/**
 * The ids of the dialogs, shared with the dashboard's buttons. An authenticator's Rename and Remove
 * dialogs carry its id.
 */
export type DialogId =
  | 'mfa-status'
  | 'mfa-disable'
  | 'mfa-setup'
  | 'recovery-codes'
  | 'authenticator-add'
  | 'authenticator-setup'
  | `rename-${string}`
  | `remove-${string}`;

/**
 * A dialog element with its title as its accessible name.
 *
 * @param id - the element id (the title's is `${id}-title`)
 * @param title - the heading
 * @param open - rendered open
 * @param content - what follows the heading
 * @param returnTo - the id of the button that focus goes back to when a dialog the server opened closes
 * @returns the dialog
 */
export function dialog(id: DialogId, title: string, open: boolean, content: Html, returnTo?: string): Html {
  return html`<dialog id="${id}" class="dialog" aria-labelledby="${id}-title" ${open ? 'open' : ''} ${returnTo ? html`data-return-to="${returnTo}"` : ''}>
    <h2 id="${id}-title">${title}</h2>
    ${content}
  </dialog>`;
}

/**
 * A date as the dashboard writes it, such as "3 December 2026".
 *
 * @param ms - milliseconds since the epoch
 * @returns the date
 */
export function formatDate(ms: number): string {
  return new Date(ms).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' });
}

/**
 * A date and time, such as "3 December 2026, 07:45 UTC": the server does not know the reader's time zone.
 *
 * @param ms - milliseconds since the epoch
 * @returns the date and time
 */
export function formatDateTime(ms: number): string {
  const time = new Date(ms).toLocaleTimeString('en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'UTC',
  });
  const date = new Date(ms).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
  return `${date}, ${time} UTC`;
}

/**
 * The status line shown on the dashboard and in the status dialog.
 *
 * @param status - the account's MFA status
 * @returns the paragraph
 */
export function statusLine(status: MfaStatus): Html {
  return status.state === 'enabled'
    ? html`<p class="status status-on"><span class="status-dot" aria-hidden="true"></span>MFA is enabled</p>`
    : html`<p class="status status-off"><span class="status-dot" aria-hidden="true"></span>MFA is disabled</p>`;
}

/**
 * The first popup of the seed: MFA's status, with Enable or Disable.
 *
 * @param status - the account's MFA status
 * @param csrfToken - the session's token
 * @param open - rendered open (the no-JavaScript route /mfa)
 * @returns the dialog
 */
export function statusDialog(status: MfaStatus, csrfToken: string, open: boolean): Html {
  const close = html`<form method="dialog"><button class="button">Cancel</button></form>`;
  if (status.state === 'enabled') {
    return dialog(
      'mfa-status',
      'Multi-factor authentication',
      open,
      html`${statusLine(status)}
    <p>Since ${formatDate(status.enabledAt ?? 0)}, signing in needs your password and a code from your
      authenticator app. ${status.recoveryCodesRemaining} of your recovery codes are unused.</p>
    <div class="actions">
      ${close}
      <form method="get" action="/mfa/disable" data-opens="mfa-disable"><button class="button danger">Disable</button></form>
    </div>`,
    );
  }
  return dialog(
    'mfa-status',
    'Multi-factor authentication',
    open,
    html`${statusLine(status)}
    <p>Protect your account with a second step at sign-in: after your password, a 6-digit code from an
      authenticator app on your phone.</p>
    <div class="actions">
      ${close}
      <form method="post" action="/mfa/enable">${csrfField(csrfToken)}<button class="button primary" autofocus>Enable</button></form>
    </div>`,
  );
}

/** What the setup dialog shows: the new secret, or (after a wrong code) only the code form again. */
export interface SetupView {
  csrfToken: string;
  /** The Base32 secret and its QR code, right after beginEnable. */
  enrolment?: { secret: string; qrDataUrl: string };
  error?: string;
}

/**
 * Groups a Base32 secret in fours, as authenticator apps display keys.
 *
 * @param secret - the Base32 secret
 * @returns the grouped text
 */
export function groupInFours(secret: string): string {
  return (secret.match(/.{1,4}/g) ?? []).join(' ');
}

/**
 * The second popup: scan the QR code or type the key, then confirm with a code.
 *
 * After a wrong code the secret is not shown again: the server does not keep it in readable form
 * (mfakit stores it encrypted and never hands it back), and the user's app already has it.
 * "Start over" makes a new one.
 *
 * @param view - token, enrolment and error
 * @returns the dialog, open
 */
export function setupDialog(view: SetupView): Html {
  const { enrolment } = view;
  const steps = enrolment
    ? html`<ol class="steps">
      <li>
        <p>Scan this QR code with an authenticator app such as Microsoft Authenticator or Google Authenticator.</p>
        <img class="qr" src="${enrolment.qrDataUrl}" alt="QR code for adding IAM to your authenticator app">
      </li>
      <li>
        <p>Can't scan it? Enter this key in the app instead:</p>
        <div class="secret-row">
          <code id="setup-key" class="secret">${groupInFours(enrolment.secret)}</code>
          <button type="button" class="button small" data-copy="${enrolment.secret}" hidden>Copy</button>
        </div>
      </li>
      <li><p>Enter the code the app shows, then press Submit.</p></li>
    </ol>`
    : html`<p>Enter the code your authenticator app shows for IAM, then press Submit.</p>`;
  return dialog(
    'mfa-setup',
    'Set up your authenticator app',
    true,
    html`${steps}
    ${formError('setup-error', view.error)}
    <form method="post" action="/mfa/confirm" class="stack">
      ${csrfField(view.csrfToken)}
      <div class="field">
        <label for="setup-code">Authentication code</label>
        <input id="setup-code" name="code" class="code-input" inputmode="numeric" autocomplete="one-time-code"
          maxlength="12" required autofocus ${view.error ? html`aria-invalid="true" aria-describedby="setup-error"` : ''}>
      </div>
      <div class="actions">
        <button class="button" formaction="/mfa/cancel" formnovalidate>Cancel</button>
        ${enrolment ? '' : html`<button class="button" formaction="/mfa/enable" formnovalidate>Start over</button>`}
        <button class="button primary">Submit</button>
      </div>
    </form>`,
  );
}

/**
 * Shown once, right after MFA was turned on: the recovery codes, with Copy and Download.
 *
 * @param codes - the recovery codes from confirmEnable
 * @returns the dialog, open
 */
export function recoveryCodesDialog(codes: string[]): Html {
  return dialog(
    'recovery-codes',
    'Save your recovery codes',
    true,
    html`<p class="status status-on"><span class="status-dot" aria-hidden="true"></span>MFA is enabled</p>
    <p>Save these recovery codes somewhere safe. If you lose your phone, each one lets you sign in once.
      <strong>They will not be shown again.</strong></p>
    <ul id="recovery-code-list" class="recovery-codes">
      ${codes.map((code) => html`<li><code>${code}</code></li>`)}
    </ul>
    <div class="actions">
      <button type="button" class="button" data-copy-from="recovery-code-list" hidden>Copy</button>
      <button type="button" class="button" data-download-from="recovery-code-list" data-filename="iam-recovery-codes.txt" hidden>Download</button>
      <a class="button primary" href="/">Done</a>
    </div>`,
  );
}

/**
 * The disable popup's second step: a code (or a recovery code), then Submit.
 *
 * @param csrfToken - the session's token
 * @param open - rendered open (after the Disable button without JavaScript, or a refused code)
 * @param error - why the last code was refused
 * @returns the dialog
 */
export function disableDialog(csrfToken: string, open: boolean, error?: string): Html {
  return dialog(
    'mfa-disable',
    'Disable MFA',
    open,
    html`<p class="status status-on"><span class="status-dot" aria-hidden="true"></span>MFA is enabled</p>
    <p>To confirm, enter the code your authenticator app shows (or one of your recovery codes), then press Submit.</p>
    ${formError('disable-error', error)}
    <form method="post" action="/mfa/disable" class="stack">
      ${csrfField(csrfToken)}
      <div class="field">
        <label for="disable-code">Authentication code</label>
        <input id="disable-code" name="code" class="code-input" autocomplete="one-time-code" maxlength="64" required
          autofocus ${error ? html`aria-invalid="true" aria-describedby="disable-error"` : ''}>
      </div>
      <div class="actions">
        <button class="button" formmethod="dialog" formnovalidate>Cancel</button>
        <button class="button danger">Submit</button>
      </div>
    </form>`,
  );
}
