/**
 * The page shell shared by every screen. Views are plain functions returning HTML built with
 * Hono's `html` tag, which escapes every interpolated value: nothing a user typed can become markup.
 *
 * No inline script or style anywhere: the Content-Security-Policy forbids them, and all behaviour
 * lives in /assets/app.js, which only enhances forms that already work without it.
 */
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { CSRF_FIELD } from '../csrf.js';

/** What a view returns. */
export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

/** The signed-in user shown in the header, with the token for the Sign out form. */
export interface HeaderUser {
  username: string;
  csrfToken: string;
}

/**
 * The hidden field that carries the session's CSRF token; every POST form includes it.
 *
 * @param token - the session's token
 * @returns the input element
 */
export function csrfField(token: string): Html {
  return html`<input type="hidden" name="${CSRF_FIELD}" value="${token}">`;
}

/**
 * A whole HTML page.
 *
 * @param title - the document title (before " · IAM")
 * @param content - the main content
 * @param user - the signed-in user, for the header's name and Sign out button
 * @returns the page
 */
export function page(title: string, content: Html, user?: HeaderUser): Html {
  return html`<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${title} · IAM</title>
  <link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">
  <link rel="stylesheet" href="/assets/app.css">
  <script type="module" src="/assets/app.js"></script>
</head>
<body>
  <header class="topbar">
    <a class="brand" href="/"><img src="/assets/favicon.svg" alt="" width="28" height="28"><span>IAM</span></a>
    ${
      user
        ? html`<div class="topbar-user">
      <span>Signed in as <strong>${user.username}</strong></span>
      <form method="post" action="/logout">${csrfField(user.csrfToken)}<button class="button">Sign out</button></form>
    </div>`
        : ''
    }
  </header>
  <main class="page">
${content}
  </main>
  <p id="live" class="visually-hidden" aria-live="polite"></p>
</body>
</html>`;
}

/**
 * A page that explains a refused request.
 *
 * @param title - what went wrong, in a few words
 * @param explanation - what to do about it
 * @returns the page
 */
export function errorPage(title: string, explanation: string): Html {
  return page(
    title,
    html`<section class="card narrow">
    <h1>${title}</h1>
    <p>${explanation}</p>
    <p><a class="button primary" href="/">Go to the start page</a></p>
  </section>`,
  );
}

/**
 * An alert paragraph for a refused form, announced by screen readers; nothing when there is no error.
 *
 * @param id - the element id, for the input's aria-describedby
 * @param message - the error, if any
 * @returns the paragraph or nothing
 */
export function formError(id: string, message: string | undefined): Html | string {
  return message ? html`<p class="alert" role="alert" id="${id}">${message}</p>` : '';
}
