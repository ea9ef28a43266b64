/**
 * Focus goes back to what opened a panel when the panel closes. Radix dialogs do that only for their own
 * `Dialog.Trigger`; ours are opened by ordinary buttons and by addresses (the device panel), so without
 * this, closing one leaves focus on the page body and a keyboard user starts again from the top.
 *
 * The last control focused outside any dialog is remembered; when a dialog's portal leaves the page and
 * focus is left nowhere, it goes back there (if that control is still on the page).
 */
const DIALOG = '[role="dialog"], [role="alertdialog"]';

export function installFocusReturn(doc: Document = document): () => void {
  let opener: HTMLElement | null = null;
  const view = doc.defaultView;
  const onFocusIn = (event: FocusEvent) => {
    const target = event.target;
    if (view && target instanceof view.HTMLElement && target !== doc.body && !target.closest(DIALOG)) opener = target;
  };
  const restore = () => {
    const active = doc.activeElement;
    if ((active === null || active === doc.body) && opener?.isConnected && !opener.closest('[inert], [aria-hidden="true"]'))
      opener.focus();
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  // Portals are children of <body>: watching only its own children keeps this cheap.
  const observer = new MutationObserver((records) => {
    const closed = records.some((r) =>
      [...r.removedNodes].some((n) => view && n instanceof view.Element && (n.matches(DIALOG) || n.querySelector(DIALOG))),
    );
    // After Radix's own close handling (a timeout of 0 too), which leaves focus on the body.
    if (closed) timer = setTimeout(restore, 0);
  });
  doc.addEventListener('focusin', onFocusIn);
  observer.observe(doc.body, { childList: true });
  return () => {
    doc.removeEventListener('focusin', onFocusIn);
    observer.disconnect();
    if (timer !== undefined) clearTimeout(timer);
  };
}
