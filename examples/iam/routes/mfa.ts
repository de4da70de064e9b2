/**
 * The dashboard and the MFA steps of the seed's user guide, each one call to mfakit:
 * Enable → beginEnable (QR code and key), Submit → confirmEnable (recovery codes, shown once),
 * Cancel → cancelEnable, Disable + Submit → disable. Only a signed-in session gets here.
 */
import { type Context, Hono } from 'hono';
import { toDataUrl } from 'mfakit/qr';
import type { AppDeps } from '../app.js';
import { dropDeviceToken } from '../remembered-device.js';
import { type AppEnv, requireStage } from '../session.js';
import { recoveryCodesDialog, setupDialog } from '../views/dialogs.js';
import { noticeFor, refusalMessage } from '../views/messages.js';
import { textField } from './auth.js';
import { dashboardRenderer } from './render-dashboard.js';

/**
 * The dashboard and MFA routes: /, /mfa, /mfa/enable, /mfa/confirm, /mfa/cancel, /mfa/disable.
 *
 * @param deps - the MFA service, users and sessions
 * @returns the routes
 */
export function mfaRoutes({ mfa, users, sessions }: AppDeps): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.use('/', requireStage('signed-in'));
  routes.use('/mfa', requireStage('signed-in'));
  routes.use('/mfa/*', requireStage('signed-in'));

  // Renders the dashboard for the signed-in user, with whatever dialog this response opens.
  const dashboard = dashboardRenderer({ mfa, users, sessions });

  const codeFrom = async (c: Context<AppEnv>) =>
    textField(await c.req.parseBody(), 'code').replace(/\s+/g, '');

  routes.get('/', (c) => {
    const notice = noticeFor(c.req.query('notice'));
    return dashboard(c, notice ? { notice } : {});
  });

  // Without JavaScript the Enable MFA / Disable MFA buttons land here; with it, app.js opens the dialog in place.
  routes.get('/mfa', (c) => dashboard(c, { open: 'mfa-status' }));
  routes.get('/mfa/disable', (c) => dashboard(c, { open: 'mfa-disable' }));

  routes.post('/mfa/enable', async (c) => {
    const userId = c.var.session.userId!;
    if ((await mfa.status(userId)).state === 'enabled') return c.redirect('/', 303);
    const user = users.byId(userId)!;
    // The secret is shown in this response only: it is not kept anywhere readable, nor put in a redirect.
    const { secret, uri } = await mfa.beginEnable(userId, { accountName: user.username });
    const qrDataUrl = await toDataUrl(uri);
    const csrfToken = c.var.session.csrfToken;
    return dashboard(c, { extraDialog: setupDialog({ csrfToken, enrolment: { secret, qrDataUrl } }) });
  });

  routes.post('/mfa/confirm', async (c) => {
    const userId = c.var.session.userId!;
    const result = await mfa.confirmEnable(userId, await codeFrom(c));
    if (result.ok) {
      // MFA now guards the account: end every session opened with the password alone, and go on in a new one.
      sessions.revokeAll(userId);
      sessions.start(c, 'signed-in', userId, { method: result.method, verifiedAt: result.verifiedAt });
      // Recovery codes go straight into this response: shown once, never stored in readable form.
      return dashboard(c, { extraDialog: recoveryCodesDialog(result.recoveryCodes) });
    }
    if (result.reason === 'not_pending') return c.redirect('/', 303);
    const error =
      result.reason === 'expired'
        ? 'Setting up took too long and the key has expired. Press Start over for a new one.'
        : refusalMessage(result);
    return dashboard(c, { extraDialog: setupDialog({ csrfToken: c.var.session.csrfToken, error }) }, 422);
  });

  routes.post('/mfa/cancel', async (c) => {
    await mfa.cancelEnable(c.var.session.userId!);
    return c.redirect('/', 303);
  });

  routes.post('/mfa/disable', async (c) => {
    const userId = c.var.session.userId!;
    const result = await mfa.disable(userId, await codeFrom(c));
    if (result.ok) {
      // A change to how the account signs in ends its other sessions; this browser goes on in a new one.
      // Every remembered device was forgotten with MFA, so this browser's token goes too.
      const { proof } = c.var.session;
      sessions.revokeAll(userId);
      sessions.start(c, 'signed-in', userId, proof && { method: proof.method, verifiedAt: proof.verifiedAt });
      dropDeviceToken(c, userId);
      return c.redirect('/?notice=mfa-disabled', 303);
    }
    if (result.reason === 'not_enabled') return c.redirect('/', 303);
    return dashboard(c, { open: 'mfa-disable', disableError: refusalMessage(result) }, 422);
  });

  return routes;
}
