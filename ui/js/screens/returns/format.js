// How a return's numbers and statuses read on screen, and moving to a part
// of the page (the router owns the address bar, so in-page jumps focus).

/** A measure's number in its unit: 63.0%, 435.5 hours, £1,250.00, 27. */
export function formatValue(value, unit) {
  if (value === null || value === undefined) return "n/a";
  switch (unit) {
    case "percent": return `${value.toFixed(1)}%`;
    case "hours": return value.toLocaleString("en-GB", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
    case "currency": return `£${value.toLocaleString("en-GB", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
    default: return Number.isInteger(value) ? value.toLocaleString("en-GB") : value.toLocaleString("en-GB", { maximumFractionDigits: 2 });
  }
}

/** A variance with its sign; a percentage's is in points. */
export function formatVariance(value, unit) {
  if (value === null || value === undefined) return "n/a";
  const sign = value > 0 ? "+" : value < 0 ? "−" : "";
  const size = formatValue(Math.abs(value), unit === "percent" ? "number" : unit);
  return unit === "percent" ? `${sign}${Math.abs(value).toFixed(1)} pp` : `${sign}${size}`;
}

/** Pence as pounds: £1,250.00, or -£300.00 overdrawn. */
export function pounds(pence) {
  const amount = (Math.abs(pence) / 100).toLocaleString("en-GB", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return `${pence < 0 ? "-" : ""}£${amount}`;
}

/** Pence as a pounds figure to type into a field: 1250.00. */
export function poundsField(pence) {
  return pence === null || pence === undefined ? "" : (pence / 100).toFixed(2);
}

/** A status as a word (never colour alone). */
export const STATUS_WORDS = { green: "On target", amber: "Close", red: "Short" };

/** Scrolls to the element with `id` and puts the focus in it. */
export function jump(id) {
  const target = document.getElementById(id);
  if (!target) return;
  target.scrollIntoView({ block: "start" });
  const control = target.matches("input, textarea, select, button, h2, h3") ? target
    : target.querySelector("input, textarea, select, button") ?? target;
  if (!control.hasAttribute("tabindex") && !control.matches("input, textarea, select, button")) control.setAttribute("tabindex", "-1");
  control.focus();
}

/** An id made from text, for a part of the page: "narrative-next-steps". */
export function idFor(prefix, text) {
  return `${prefix}-${String(text).toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "")}`;
}
