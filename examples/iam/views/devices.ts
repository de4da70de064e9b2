/**
 * The dashboard's list of remembered devices (browsers that sign in without a code until their
 * date), with Forget for each and Forget all. Forgetting needs no code: it only takes a shortcut
 * away, and the signed-in session is the guard.
 */
import { html } from 'hono/html';
import type { DeviceInfo } from 'mfakit';
import { formatDate, formatDateTime } from './dialogs.js';
import { csrfField, type Html } from './layout.js';

/** What the remembered devices card shows. */
export interface DevicesView {
  csrfToken: string;
  devices: DeviceInfo[];
  /** The device of this browser, when the session knows it. */
  thisDeviceId?: string | undefined;
}

function item(view: DevicesView, device: DeviceInfo): Html {
  const label = device.label ?? 'A web browser';
  const here = device.id === view.thisDeviceId;
  return html`<li class="item">
      <div class="item-main">
        <h3 class="item-title">${label}${here ? html` <span class="badge">This browser</span>` : ''}</h3>
        <dl class="item-facts">
          <dt>Remembered on</dt><dd>${formatDate(device.createdAt)}</dd>
          <dt>Last used</dt><dd>${device.lastUsedAt === null ? 'Never' : formatDateTime(device.lastUsedAt)}</dd>
          <dt>Expires</dt><dd>${formatDate(device.expiresAt)}</dd>
        </dl>
      </div>
      <div class="item-actions">
        <form method="post" action="/mfa/devices/${device.id}/forget">
          ${csrfField(view.csrfToken)}
          <button class="button small">Forget<span class="visually-hidden"> ${label}${here ? ' (this browser)' : ''}</span></button>
        </form>
      </div>
    </li>`;
}

/**
 * The card that lists the remembered devices, with Forget and Forget all.
 *
 * @param view - token, devices and this browser's device
 * @returns the card
 */
export function devicesCard(view: DevicesView): Html {
  const { devices } = view;
  const forgetAll =
    devices.length > 1
      ? html`<form method="post" action="/mfa/devices/forget-all">
        ${csrfField(view.csrfToken)}<button class="button small">Forget all</button>
      </form>`
      : '';
  const list =
    devices.length === 0
      ? html`<p>No device is remembered. To remember one, tick “Remember this device for 30 days” when you sign in with a code.</p>`
      : html`<ul class="items" aria-labelledby="devices-heading">
      ${devices.map((device) => item(view, device))}
    </ul>`;
  return html`<section class="card wide" aria-labelledby="devices-heading">
    <div class="card-head">
      <h2 id="devices-heading">Remembered devices</h2>
      ${forgetAll}
    </div>
    <p class="muted">These browsers sign in with your password alone, without a code, until the date shown. Forget one you no longer use, or do not recognise.</p>
    ${list}
  </section>`;
}
