/**
 * The dashboard's list of authenticator apps (shown while MFA is on) and its dialogs: Add (a name and
 * a proof code, then the new app's QR code and its first code), Rename, and Remove (a proof code).
 * Each dialog works as a plain form without JavaScript; app.js opens them in place.
 */
import { html } from 'hono/html';
import { type AuthenticatorInfo, MAX_DISPLAY_LABEL } from 'mfakit';
import { type DialogId, dialog, formatDate, formatDateTime, groupInFours } from './dialogs.js';
import { csrfField, formError, type Html } from './layout.js';

/** The longest name of an authenticator, in UTF-16 code units (what maxlength counts too). */
export const MAX_LABEL_LENGTH = MAX_DISPLAY_LABEL;

/** What the authenticators card and its dialogs show. */
export interface AuthenticatorsView {
  csrfToken: string;
  authenticators: AuthenticatorInfo[];
  /** The dialog this response renders open, with its error and the name typed, if any. */
  open?: DialogId | undefined;
  error?: string | undefined;
  label?: string | undefined;
}

const buttonIdOf = (action: 'rename' | 'remove', id: string) => `${action}-button-${id}`;

/** The id of the Add authenticator app button, where focus returns after the add dialogs. */
export const ADD_BUTTON_ID = 'add-authenticator-button';

function invalidIf(error: string | undefined, errorId: string): Html | string {
  return error ? html`aria-invalid="true" aria-describedby="${errorId}"` : '';
}

// A field with a hint, and after a refusal the error too, read out when the field takes the focus.
function describedBy(hintId: string, error: string | undefined, errorId: string): Html {
  return error
    ? html`aria-describedby="${hintId} ${errorId}" aria-invalid="true"`
    : html`aria-describedby="${hintId}"`;
}

function item(authenticator: AuthenticatorInfo): Html {
  const { id, label, state } = authenticator;
  const pending = state === 'pending';
  const facts = pending
    ? html`<dt>Started</dt><dd>${formatDateTime(authenticator.createdAt)}</dd>
          <dt>Set-up expires</dt><dd>${formatDateTime(authenticator.pendingExpiresAt ?? 0)}</dd>`
    : html`<dt>Added</dt><dd>${formatDate(authenticator.createdAt)}</dd>
          <dt>Last used</dt><dd>${authenticator.lastUsedAt === null ? 'Never' : formatDateTime(authenticator.lastUsedAt)}</dd>`;
  const rename = pending
    ? ''
    : html`<form method="get" action="/mfa/authenticators/${id}/rename" data-opens="rename-${id}">
          <button id="${buttonIdOf('rename', id)}" class="button small">Rename<span class="visually-hidden"> ${label}</span></button>
        </form>`;
  return html`<li class="item">
      <div class="item-main">
        <h3 class="item-title">${label}${pending ? html` <span class="badge">Set-up not finished</span>` : ''}</h3>
        <dl class="item-facts">
          ${facts}
        </dl>
      </div>
      <div class="item-actions">
        ${rename}
        <form method="get" action="/mfa/authenticators/${id}/remove" data-opens="remove-${id}">
          <button id="${buttonIdOf('remove', id)}" class="button small">Remove<span class="visually-hidden"> ${label}</span></button>
        </form>
      </div>
    </li>`;
}

/**
 * The card that lists the authenticator apps, with Add, and Rename and Remove for each.
 *
 * @param view - token and authenticators
 * @returns the card
 */
export function authenticatorsCard(view: AuthenticatorsView): Html {
  return html`<section class="card wide" aria-labelledby="authenticators-heading">
    <div class="card-head">
      <h2 id="authenticators-heading">Authenticator apps</h2>
      <form method="get" action="/mfa/authenticators/add" data-opens="authenticator-add">
        <button id="${ADD_BUTTON_ID}" class="button small primary">Add authenticator app</button>
      </form>
    </div>
    <p class="muted">A code from any of these signs you in. Add a second phone as a backup, or your new phone before you give up the old one.</p>
    <ul class="items" aria-labelledby="authenticators-heading">
      ${view.authenticators.map(item)}
    </ul>
  </section>`;
}

function labelField(id: string, value: string, error: string | undefined, errorId: string): Html {
  return html`<div class="field">
        <label for="${id}">Name</label>
        <input id="${id}" name="label" maxlength="${MAX_LABEL_LENGTH}" required autocomplete="off" value="${value}"
          ${describedBy(`${id}-hint`, error, errorId)}>
        <p id="${id}-hint" class="hint">So you can tell your apps apart, such as “Work phone”. At most ${MAX_LABEL_LENGTH} characters.</p>
      </div>`;
}

function proofField(id: string, error: string | undefined, errorId: string): Html {
  return html`<div class="field">
        <label for="${id}">Authentication code</label>
        <input id="${id}" name="code" class="code-input" autocomplete="one-time-code" maxlength="64" required
          ${describedBy(`${id}-hint`, error, errorId)}>
        <p id="${id}-hint" class="hint">From any authenticator app you already use, or one of your recovery codes.</p>
      </div>`;
}

/**
 * The first step of adding an authenticator: its name and a proof code.
 *
 * @param view - token, and the open state, error and name after a refusal
 * @returns the dialog
 */
export function addDialog(view: AuthenticatorsView): Html {
  const open = view.open === 'authenticator-add';
  const error = open ? view.error : undefined;
  return dialog(
    'authenticator-add',
    'Add an authenticator app',
    open,
    html`<p>Set up IAM in another authenticator app: a backup phone, or a new phone. First confirm that it is you.</p>
    ${formError('add-error', error)}
    <form method="post" action="/mfa/authenticators" class="stack">
      ${csrfField(view.csrfToken)}
      ${labelField('add-label', open ? (view.label ?? '') : '', error, 'add-error')}
      ${proofField('add-code', error, 'add-error')}
      <div class="actions">
        <button class="button" formmethod="dialog" formnovalidate>Cancel</button>
        <button class="button primary">Continue</button>
      </div>
    </form>`,
    ADD_BUTTON_ID,
  );
}

/** What the second step of adding an authenticator shows. */
export interface NewAuthenticatorView {
  csrfToken: string;
  authenticatorId: string;
  label: string;
  /** The new secret and its QR code, right after beginAddAuthenticator; absent after a wrong code. */
  enrolment?: { secret: string; qrDataUrl: string };
  error?: string;
}

/**
 * The second step of adding an authenticator: scan the new one's QR code (or type its key), then
 * confirm it with a code from the new app. As in the first set-up, the key is shown once only.
 *
 * @param view - token, the new authenticator, its key and QR code, or the error of a wrong code
 * @returns the dialog, open
 */
export function newAuthenticatorDialog(view: NewAuthenticatorView): Html {
  const { enrolment } = view;
  const steps = enrolment
    ? html`<ol class="steps">
      <li>
        <p>In the new authenticator app, scan this QR code.</p>
        <img class="qr" src="${enrolment.qrDataUrl}" alt="QR code for adding IAM to your new authenticator app">
      </li>
      <li>
        <p>Can't scan it? Enter this key in the app instead:</p>
        <div class="secret-row">
          <code id="new-authenticator-key" class="secret">${groupInFours(enrolment.secret)}</code>
          <button type="button" class="button small" data-copy="${enrolment.secret}" hidden>Copy</button>
        </div>
      </li>
      <li><p>Enter the code the new app shows, then press Submit.</p></li>
    </ol>`
    : html`<p>Enter the code the new app shows for IAM, then press Submit.</p>`;
  return dialog(
    'authenticator-setup',
    'Set up your new authenticator app',
    true,
    html`<p>Adding “${view.label}”.</p>
    ${steps}
    ${formError('new-authenticator-error', view.error)}
    <form method="post" action="/mfa/authenticators/confirm" class="stack">
      ${csrfField(view.csrfToken)}
      <input type="hidden" name="authenticatorId" value="${view.authenticatorId}">
      <div class="field">
        <label for="new-authenticator-code">Code from the new app</label>
        <input id="new-authenticator-code" name="code" class="code-input" inputmode="numeric" autocomplete="one-time-code"
          maxlength="12" required autofocus ${invalidIf(view.error, 'new-authenticator-error')}>
      </div>
      <div class="actions">
        <button class="button" formaction="/mfa/authenticators/cancel" formnovalidate>Cancel</button>
        <button class="button primary">Submit</button>
      </div>
    </form>`,
    ADD_BUTTON_ID,
  );
}

/**
 * An authenticator's Rename dialog.
 *
 * @param view - token, and the open state, error and name after a refusal
 * @param authenticator - the one to rename
 * @returns the dialog
 */
export function renameDialog(view: AuthenticatorsView, authenticator: AuthenticatorInfo): Html {
  const id: DialogId = `rename-${authenticator.id}`;
  const open = view.open === id;
  const error = open ? view.error : undefined;
  return dialog(
    id,
    `Rename “${authenticator.label}”`,
    open,
    html`${formError(`${id}-error`, error)}
    <form method="post" action="/mfa/authenticators/${authenticator.id}/rename" class="stack">
      ${csrfField(view.csrfToken)}
      ${labelField(`${id}-label`, open && view.label !== undefined ? view.label : authenticator.label, error, `${id}-error`)}
      <div class="actions">
        <button class="button" formmethod="dialog" formnovalidate>Cancel</button>
        <button class="button primary">Save</button>
      </div>
    </form>`,
    buttonIdOf('rename', authenticator.id),
  );
}

/**
 * The words for the refusal to remove the only active authenticator.
 *
 * @param label - its name
 * @returns the explanation
 */
export function lastAuthenticatorMessage(label: string): string {
  return `“${label}” is your only authenticator app, so it cannot be removed: signing in needs a code from it. To turn MFA off, use Disable MFA instead.`;
}

/**
 * An authenticator's Remove dialog: a proof code, or (for the only active one) why it cannot be
 * removed and the way to Disable MFA.
 *
 * @param view - token, authenticators, and the open state and error after a refusal
 * @param authenticator - the one to remove
 * @returns the dialog
 */
export function removeDialog(view: AuthenticatorsView, authenticator: AuthenticatorInfo): Html {
  const id: DialogId = `remove-${authenticator.id}`;
  const open = view.open === id;
  const error = open ? view.error : undefined;
  const onlyActive =
    authenticator.state === 'active' &&
    view.authenticators.filter((other) => other.state === 'active').length === 1;
  const content = onlyActive
    ? html`<p class="alert" ${error ? html`role="alert"` : ''} id="${id}-why">${lastAuthenticatorMessage(authenticator.label)}</p>
    <p>Moving to a new phone? Add the new one first, then remove this one.</p>
    <div class="actions">
      <form method="dialog"><button class="button" aria-describedby="${id}-why">Close</button></form>
      <form method="get" action="/mfa/disable" data-opens="mfa-disable"><button class="button danger">Disable MFA</button></form>
    </div>`
    : html`<p>Codes from “${authenticator.label}” will no longer sign you in; delete the IAM entry from that app too.
      To confirm, enter a code from any of your authenticator apps (this one included) or a recovery code.</p>
    ${formError(`${id}-error`, error)}
    <form method="post" action="/mfa/authenticators/${authenticator.id}/remove" class="stack">
      ${csrfField(view.csrfToken)}
      <div class="field">
        <label for="${id}-code">Authentication code</label>
        <input id="${id}-code" name="code" class="code-input" autocomplete="one-time-code" maxlength="64" required
          autofocus ${invalidIf(error, `${id}-error`)}>
      </div>
      <div class="actions">
        <button class="button" formmethod="dialog" formnovalidate>Cancel</button>
        <button class="button danger">Remove</button>
      </div>
    </form>`;
  return dialog(id, `Remove “${authenticator.label}”`, open, content, buttonIdOf('remove', authenticator.id));
}
