/**
 * The authenticator apps and remembered devices of the dashboard, each step one call to mfakit:
 * Add → beginAddAuthenticator (a name and a proof code; then the new QR code and key, shown once),
 * Submit → confirmAuthenticator, Cancel → cancelAuthenticator, Rename → renameAuthenticator, Remove → removeAuthenticator (a proof
 * code), Forget → forgetDevice, Forget all → forgetAllDevices. Only a signed-in session gets here.
 */
import { type Context, Hono } from 'hono';
import { MfaError } from 'mfakit';
import { toDataUrl } from 'mfakit/qr';
import type { AppDeps } from '../app.js';
import { dropDeviceToken } from '../remembered-device.js';
import { type AppEnv, requireStage } from '../session.js';
import {
  lastAuthenticatorMessage,
  MAX_LABEL_LENGTH,
  newAuthenticatorDialog,
} from '../views/authenticators.js';
import type { DialogId } from '../views/dialogs.js';
import { refusalMessage } from '../views/messages.js';
import { textField } from './auth.js';
import { dashboardRenderer } from './render-dashboard.js';

// The shapes of mfakit's ids: anything else in a URL is no authenticator or device of this account.
const AUTHENTICATOR_ID = /^au_[0-9a-f]{16}$/;
const DEVICE_ID = /^dv_[0-9a-f]{16}$/;

/**
 * Checks a name typed for an authenticator.
 *
 * @param label - the name, trimmed
 * @returns why it cannot be used, or undefined when it can
 */
export function labelProblem(label: string): string | undefined {
  if (label === '') return 'Enter a name for the app.';
  if (label.length > MAX_LABEL_LENGTH) return `A name can be at most ${MAX_LABEL_LENGTH} characters long.`;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it looks for
  if (/[\u0000-\u001f\u007f]/.test(label)) return 'A name cannot contain control characters.';
  return undefined;
}

/**
 * The routes under /mfa/authenticators and /mfa/devices.
 *
 * @param deps - the MFA service, users and sessions
 * @returns the routes
 */
export function securityRoutes({ mfa, users, sessions }: AppDeps): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.use('/mfa/*', requireStage('signed-in'));
  const dashboard = dashboardRenderer({ mfa, users, sessions });

  const formOf = async (c: Context<AppEnv>) => {
    const body = await c.req.parseBody();
    return {
      label: textField(body, 'label').trim(),
      code: textField(body, 'code').replace(/\s+/g, ''),
      authenticatorId: textField(body, 'authenticatorId'),
    };
  };

  // The account's authenticator with this id from the URL, if it has one.
  const authenticatorOf = async (c: Context<AppEnv>) => {
    const id = c.req.param('id') ?? '';
    if (!AUTHENTICATOR_ID.test(id)) return undefined;
    return (await mfa.listAuthenticators(c.var.session.userId!)).find((each) => each.id === id);
  };

  // A dialog re-opened after a refusal, with its message (422: the form needs correcting).
  const refused = (c: Context<AppEnv>, open: DialogId, dialogError: string, dialogLabel?: string) =>
    dashboard(c, { open, dialogError, ...(dialogLabel === undefined ? {} : { dialogLabel }) }, 422);

  // Without JavaScript the buttons land on these pages, which render their dialog open.
  routes.get('/mfa/authenticators/add', (c) => dashboard(c, { open: 'authenticator-add' }));
  for (const action of ['rename', 'remove'] as const) {
    routes.get(`/mfa/authenticators/:id/${action}`, async (c) => {
      const authenticator = await authenticatorOf(c);
      if (!authenticator) return c.redirect('/', 303);
      return dashboard(c, { open: `${action}-${authenticator.id}` });
    });
  }

  routes.post('/mfa/authenticators', async (c) => {
    const userId = c.var.session.userId!;
    const { label, code } = await formOf(c);
    const problem = labelProblem(label);
    if (problem) return refused(c, 'authenticator-add', problem, label);
    const user = users.byId(userId)!;
    const result = await mfa.beginAddAuthenticator(userId, { label, code, accountName: user.username });
    if (!result.ok) {
      if (result.reason === 'not_enabled') return c.redirect('/', 303);
      const error =
        result.reason === 'limit_reached'
          ? 'You have as many authenticator apps as an account can have. Remove one you no longer use first.'
          : refusalMessage(result);
      return refused(c, 'authenticator-add', error, label);
    }
    // As at the first set-up, the new key is in this response only.
    const csrfToken = c.var.session.csrfToken;
    const enrolment = { secret: result.secret, qrDataUrl: await toDataUrl(result.uri) };
    const extraDialog = newAuthenticatorDialog({
      csrfToken,
      authenticatorId: result.authenticatorId,
      label,
      enrolment,
    });
    return dashboard(c, { extraDialog });
  });

  routes.post('/mfa/authenticators/confirm', async (c) => {
    const userId = c.var.session.userId!;
    const { authenticatorId, code } = await formOf(c);
    if (!AUTHENTICATOR_ID.test(authenticatorId)) return c.redirect('/', 303);
    const result = await mfa.confirmAuthenticator(userId, authenticatorId, code);
    if (result.ok) return c.redirect('/?notice=authenticator-added', 303);
    if (['not_found', 'not_pending', 'not_enabled'].includes(result.reason)) return c.redirect('/', 303);
    const pending = (await mfa.listAuthenticators(userId)).find((each) => each.id === authenticatorId);
    const error =
      result.reason === 'expired' || !pending
        ? 'Setting up took too long and the new key has expired. Press Cancel, then add the app again.'
        : refusalMessage(result);
    const csrfToken = c.var.session.csrfToken;
    const label = pending?.label ?? 'the new app';
    return dashboard(
      c,
      { extraDialog: newAuthenticatorDialog({ csrfToken, authenticatorId, label, error }) },
      422,
    );
  });

  // Cancel in the set-up popup: the new app's key is dropped at once, not left pending until it expires.
  routes.post('/mfa/authenticators/cancel', async (c) => {
    const { authenticatorId } = await formOf(c);
    if (AUTHENTICATOR_ID.test(authenticatorId)) {
      try {
        await mfa.cancelAuthenticator(c.var.session.userId!, authenticatorId);
      } catch (error) {
        // An active app is never cancelled (removing one takes a code): nothing to do but go back.
        if (!(error instanceof MfaError && error.code === 'INVALID_STATE')) throw error;
      }
    }
    return c.redirect('/', 303);
  });

  routes.post('/mfa/authenticators/:id/rename', async (c) => {
    const authenticator = await authenticatorOf(c);
    if (!authenticator) return c.redirect('/', 303);
    const { label } = await formOf(c);
    const dialogId: DialogId = `rename-${authenticator.id}`;
    const problem = labelProblem(label);
    if (problem) return refused(c, dialogId, problem, label);
    try {
      await mfa.renameAuthenticator(c.var.session.userId!, authenticator.id, label);
    } catch (error) {
      // mfakit has the last word on what a label may be.
      if (error instanceof MfaError && error.code === 'INVALID_ARGUMENT') {
        return refused(c, dialogId, 'That name cannot be used. Choose another.', label);
      }
      throw error;
    }
    return c.redirect('/?notice=authenticator-renamed', 303);
  });

  routes.post('/mfa/authenticators/:id/remove', async (c) => {
    const userId = c.var.session.userId!;
    const authenticator = await authenticatorOf(c);
    if (!authenticator) return c.redirect('/', 303);
    const { code } = await formOf(c);
    const result = await mfa.removeAuthenticator(userId, authenticator.id, code);
    if (result.ok) {
      // Like turning MFA off, this changes how the account signs in (often: a lost phone), so it ends
      // the account's other sessions; this browser goes on in a new one.
      const { proof } = c.var.session;
      sessions.revokeAll(userId);
      sessions.start(c, 'signed-in', userId, proof);
      return c.redirect('/?notice=authenticator-removed', 303);
    }
    if (result.reason === 'not_found' || result.reason === 'not_enabled') return c.redirect('/', 303);
    const error =
      result.reason === 'last_authenticator'
        ? lastAuthenticatorMessage(authenticator.label)
        : refusalMessage(result);
    return refused(c, `remove-${authenticator.id}`, error);
  });

  routes.post('/mfa/devices/forget-all', async (c) => {
    const userId = c.var.session.userId!;
    await mfa.forgetAllDevices(userId);
    dropDeviceToken(c, userId);
    return c.redirect('/?notice=devices-forgotten', 303);
  });

  routes.post('/mfa/devices/:id/forget', async (c) => {
    const userId = c.var.session.userId!;
    const id = c.req.param('id');
    if (DEVICE_ID.test(id)) {
      await mfa.forgetDevice(userId, id);
      // This browser's own device: its token is worth nothing now, so it goes too.
      if (c.var.session.proof?.deviceId === id) dropDeviceToken(c, userId);
    }
    return c.redirect('/?notice=device-forgotten', 303);
  });

  return routes;
}
