/**
 * The sign-in screens: the password page, and the additional code screen that follows it when the
 * account has MFA on (with its recovery-code alternative).
 */
import { html } from 'hono/html';
import { csrfField, formError, type Html, page } from './layout.js';

/** What the sign-in page shows. */
export interface LoginView {
  csrfToken: string;
  /** The username to fill in again after a failed attempt. */
  username?: string;
  error?: string;
  notice?: string;
}

/**
 * The sign-in page: Username, Password, Sign in; it names the demo account.
 *
 * @param view - token, previous username, error or notice
 * @returns the page
 */
export function loginPage(view: LoginView): Html {
  return page(
    'Sign in',
    html`<section class="card narrow">
    <h1>Sign in to IAM</h1>
    <p class="muted">Demo account: <strong>demo</strong> / <strong>demo-password</strong></p>
    ${view.notice ? html`<p class="notice" role="status">${view.notice}</p>` : ''}
    ${formError('login-error', view.error)}
    <form method="post" action="/login" class="stack">
      ${csrfField(view.csrfToken)}
      <div class="field">
        <label for="username">Username</label>
        <input id="username" name="username" autocomplete="username" required autofocus value="${view.username ?? ''}">
      </div>
      <div class="field">
        <label for="password">Password</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required>
      </div>
      <button class="button primary wide">Sign in</button>
    </form>
  </section>`,
  );
}

/** What the code screens show. */
export interface CodeView {
  csrfToken: string;
  error?: string;
  /** The "Remember this device" box stays ticked after a refused code. */
  remember?: boolean;
}

// Ticked, a code that signs in also makes this browser skip the code for 30 days (remembered-device.ts).
function rememberBox(id: string, checked: boolean | undefined): Html {
  return html`<div class="check">
        <input type="checkbox" id="${id}" name="remember" value="yes" aria-describedby="${id}-hint" ${checked ? 'checked' : ''}>
        <div>
          <label for="${id}">Remember this device for 30 days</label>
          <p id="${id}-hint" class="hint">Sign in here without a code. Don't tick it on a shared computer.</p>
        </div>
      </div>`;
}

function cancelSignIn(csrfToken: string): Html {
  return html`<form method="post" action="/logout" class="inline">${csrfField(csrfToken)}<button class="link-button">Cancel sign-in</button></form>`;
}

/**
 * The additional sign-in screen for an account with MFA: Authentication code, Submit, and a way to
 * use a recovery code instead.
 *
 * @param view - token and error
 * @returns the page
 */
export function codePage(view: CodeView): Html {
  return page(
    'Authentication code',
    html`<section class="card narrow">
    <h1>Two-step verification</h1>
    <p>Open your authenticator app and enter the 6-digit code it shows for IAM.</p>
    ${formError('code-error', view.error)}
    <form method="post" action="/login/code" class="stack">
      ${csrfField(view.csrfToken)}
      <div class="field">
        <label for="code">Authentication code</label>
        <input id="code" name="code" class="code-input" inputmode="numeric" autocomplete="one-time-code"
          maxlength="12" required autofocus ${view.error ? html`aria-invalid="true" aria-describedby="code-error"` : ''}>
      </div>
      ${rememberBox('remember-code', view.remember)}
      <button class="button primary wide">Submit</button>
    </form>
    <div class="alternatives">
      <a href="/login/recovery">Use a recovery code</a>
      ${cancelSignIn(view.csrfToken)}
    </div>
  </section>`,
  );
}

/**
 * The recovery-code alternative of the code screen.
 *
 * @param view - token and error
 * @returns the page
 */
export function recoveryPage(view: CodeView): Html {
  return page(
    'Recovery code',
    html`<section class="card narrow">
    <h1>Use a recovery code</h1>
    <p>Enter one of the recovery codes you saved when you turned on MFA. Each code works once.</p>
    ${formError('recovery-error', view.error)}
    <form method="post" action="/login/recovery" class="stack">
      ${csrfField(view.csrfToken)}
      <div class="field">
        <label for="recovery-code">Recovery code</label>
        <input id="recovery-code" name="code" class="code-input" autocomplete="off" autocapitalize="characters"
          spellcheck="false" maxlength="64" required autofocus ${view.error ? html`aria-invalid="true" aria-describedby="recovery-error"` : ''}>
      </div>
      ${rememberBox('remember-recovery', view.remember)}
      <button class="button primary wide">Submit</button>
    </form>
    <div class="alternatives">
      <a href="/login/code">Use your authenticator app instead</a>
      ${cancelSignIn(view.csrfToken)}
    </div>
  </section>`,
  );
}
