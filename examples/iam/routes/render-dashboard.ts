/**
 * The dashboard response shared by the MFA routes: the page for the signed-in user, with the MFA
 * status, the authenticators and remembered devices while MFA is on, and whatever dialog the
 * response opens.
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppDeps } from '../app.js';
import type { AppEnv } from '../session.js';
import { type DashboardView, dashboardPage } from '../views/dashboard.js';

/** Renders the dashboard for the session's user (or sends a session whose user is gone to sign in). */
export type RenderDashboard = (
  c: Context<AppEnv>,
  view?: Partial<DashboardView>,
  status?: ContentfulStatusCode,
) => Promise<Response>;

/**
 * Makes the dashboard renderer over the app's services.
 *
 * @param deps - the MFA service, users and sessions
 * @returns the renderer
 */
export function dashboardRenderer({
  mfa,
  users,
  sessions,
}: Pick<AppDeps, 'mfa' | 'users' | 'sessions'>): RenderDashboard {
  return async (c, view = {}, status = 200) => {
    const { session } = c.var;
    const user = users.byId(session.userId!);
    if (!user) {
      sessions.start(c, 'anonymous', null);
      return c.redirect('/login', 303);
    }
    const header = { username: user.username, csrfToken: session.csrfToken };
    const mfaStatus = await mfa.status(user.id);
    const [authenticators, devices] =
      mfaStatus.state === 'enabled'
        ? await Promise.all([mfa.listAuthenticators(user.id), mfa.listDevices(user.id)])
        : [[], []];
    return c.html(
      dashboardPage({
        ...view,
        user: header,
        status: mfaStatus,
        proof: session.proof,
        authenticators,
        devices,
      }),
      status,
    );
  };
}
