// Progressive enhancement for the IAM demo. Every form works without this file (plain POST and
// redirect, dialogs rendered open by the server); with it, dialogs open in place as modal dialogs,
// focus moves into them and back to the button that opened them, and Copy / Download work.

/** The element to give focus back to when a dialog closes, per dialog. */
const openers = new WeakMap();

function focusInside(dialog) {
  const target =
    dialog.querySelector('[autofocus]') ??
    dialog.querySelector('input:not([type="hidden"]), button:not([hidden]), a[href]');
  target?.focus();
}

function openModal(dialog, opener) {
  if (dialog.open) dialog.close();
  if (opener) openers.set(dialog, opener);
  dialog.showModal();
  focusInside(dialog);
}

function announce(message) {
  const live = document.getElementById('live');
  if (!live) return;
  live.textContent = '';
  // A fresh text node makes screen readers announce the same message twice in a row.
  setTimeout(() => {
    live.textContent = message;
  }, 50);
}

function flash(button, label) {
  const original = button.dataset.label ?? button.textContent;
  button.dataset.label = original;
  button.textContent = label;
  setTimeout(() => {
    button.textContent = original;
  }, 2000);
}

async function copyText(button, text) {
  try {
    await navigator.clipboard.writeText(text);
    flash(button, 'Copied');
    announce('Copied to the clipboard');
  } catch {
    announce('Copying failed: select the text and copy it yourself');
  }
}

function codesOf(listId) {
  const list = document.getElementById(listId);
  return list ? Array.from(list.querySelectorAll('code'), (code) => code.textContent.trim()) : [];
}

function download(button) {
  const codes = codesOf(button.dataset.downloadFrom);
  const text = `IAM recovery codes\nEach code signs you in once. Keep them somewhere safe.\n\n${codes.join('\n')}\n`;
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = button.dataset.filename ?? 'recovery-codes.txt';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
  announce('Recovery codes downloaded');
}

// A form with data-opens="id" (the Enable MFA / Disable MFA / Disable buttons) opens that dialog
// instead of loading the page that would render it open.
document.addEventListener('submit', (event) => {
  const form = event.target;
  const dialog = form instanceof HTMLFormElement && document.getElementById(form.dataset.opens ?? '');
  if (!(dialog instanceof HTMLDialogElement)) return;
  event.preventDefault();
  const current = form.closest('dialog');
  // Moving from one dialog to the next, focus still goes back to the dashboard button at the end.
  const opener = current ? openers.get(current) : (event.submitter ?? form.querySelector('button'));
  current?.close();
  openModal(dialog, opener);
});

document.addEventListener('click', (event) => {
  const button = event.target instanceof Element ? event.target.closest('button') : null;
  if (!button) return;
  if (button.dataset.copy) copyText(button, button.dataset.copy);
  else if (button.dataset.copyFrom) copyText(button, codesOf(button.dataset.copyFrom).join('\n'));
  else if (button.dataset.downloadFrom) download(button);
});

for (const dialog of document.querySelectorAll('dialog')) {
  dialog.addEventListener('close', () => {
    // The close event comes after any dialog that replaced this one has opened: leave focus there.
    if (document.querySelector('dialog[open]')) return;
    const opener = openers.get(dialog) ?? document.querySelector('[data-dialog-return]');
    opener?.focus();
  });
}

// Buttons that only work with JavaScript are in the page but hidden until now.
for (const button of document.querySelectorAll(
  'button[data-copy], button[data-copy-from], button[data-download-from]',
)) {
  button.hidden = false;
}

// A dialog the server rendered open becomes modal: the page behind it is inert and focus is inside.
// When it closes, focus goes back to the button that leads to it (data-return-to), else to the
// dashboard's Enable MFA / Disable MFA button.
for (const dialog of document.querySelectorAll('dialog[open]')) {
  const back = dialog.dataset.returnTo ? document.getElementById(dialog.dataset.returnTo) : null;
  openModal(dialog, back ?? document.querySelector('[data-dialog-return]'));
}
