// The way back to a return: a screen opened from one of its checks offers
// "Back to the return" until the return is shown again or the menu is used.

const KEY = "evident.fixing";

/** Remembers the return `view` shows, before one of its checks is followed. */
export function rememberReturn(view) {
  sessionStorage.setItem(KEY, JSON.stringify({
    back: `#/returns/${encodeURIComponent(view.agreement.reference)}/${encodeURIComponent(view.period.id)}`,
    period: view.period.id,
  }));
}

/** The return to go back to (`{ back, period }`), if an errand is under way. */
export function returnToGoBackTo() {
  return JSON.parse(sessionStorage.getItem(KEY) || "null");
}

/** Ends the errand: the return was shown again, or the menu was used. */
export function forgetReturn() {
  sessionStorage.removeItem(KEY);
}
