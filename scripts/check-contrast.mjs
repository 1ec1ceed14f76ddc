// Checks the colour pairs of the IJmond theme against WCAG 2.1 AA: 4.5:1 for text (1.4.3), 3:1 for
// borders, focus indicators and other graphics (1.4.11). Run with `npm run contrast`; exits 1 on a failure.
//
// Colours are read from the same sources the build uses: the Voorbeeld tokens, overridden by the main
// `.ijmond-theme` block of static/src/ijmond-theme.css. var() references are resolved like a browser does
// for custom properties declared on one element.
import { readFileSync, existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const TOKENS = path.join(root, "node_modules", "@nl-design-system-unstable", "voorbeeld-design-tokens", "dist", "theme.css");
const THEME = path.join(root, "static", "src", "ijmond-theme.css");

const TEXT = 4.5;
const GRAPHIC = 3;
const PAGE = "--basis-color-default-bg-document";

// [what, foreground, background, minimum]
const PAIRS = [
  ["body text", "--utrecht-document-color", PAGE, TEXT],
  ["headings", "--basis-heading-color", PAGE, TEXT],
  ["secondary text (descriptions, meta)", "--basis-color-default-color-subtle", PAGE, TEXT],
  ["secondary text on a light panel", "--basis-color-default-color-subtle", "--basis-color-default-bg-subtle", TEXT],
  ["muted text (breadcrumb)", "--ijmond-muted-color", PAGE, TEXT],
  ["link", "--utrecht-link-color", PAGE, TEXT],
  ["link, hover", "--utrecht-link-hover-color", PAGE, TEXT],
  ["link, visited", "--utrecht-link-visited-color", PAGE, TEXT],
  ["link on a card", "--utrecht-link-color", "--ijmond-card-background-color", TEXT],
  ["link on a light panel", "--utrecht-link-color", "--basis-color-default-bg-subtle", TEXT],
  ["text on a card", "--basis-color-default-color-default", "--ijmond-card-background-color", TEXT],
  ["focused link (text on focus background)", "--basis-focus-color", "--basis-focus-background-color", TEXT],
  ["skip link", "--utrecht-skip-link-color", "--utrecht-skip-link-background-color", TEXT],
  ["primary button", "--utrecht-button-primary-action-color", "--utrecht-button-primary-action-background-color", TEXT],
  ["primary button, hover", "--utrecht-button-primary-action-hover-color", "--utrecht-button-primary-action-hover-background-color", TEXT],
  ["primary button, focus", "--utrecht-button-primary-action-focus-color", "--utrecht-button-primary-action-focus-background-color", TEXT],
  ["secondary button", "--utrecht-button-secondary-action-color", PAGE, TEXT],
  ["secondary button, hover", "--utrecht-button-secondary-action-hover-color", "--utrecht-button-secondary-action-hover-background-color", TEXT],
  ["subtle button", "--utrecht-button-subtle-color", PAGE, TEXT],
  ["subtle button, hover", "--utrecht-button-subtle-hover-color", "--utrecht-button-subtle-hover-background-color", TEXT],
  ["danger button", "--utrecht-button-secondary-action-danger-color", "--utrecht-button-secondary-action-danger-background-color", TEXT],
  ["danger button, hover", "--utrecht-button-secondary-action-danger-hover-color", "--utrecht-button-secondary-action-danger-hover-background-color", TEXT],
  ["logo text", "--ijmond-logo-color", "--ijmond-header-background-color", TEXT],
  ["logo mark", "--ijmond-logo-mark-color", "--ijmond-logo-mark-background-color", TEXT],
  ["main navigation", "--ijmond-nav-color", "--ijmond-nav-background-color", TEXT],
  ["main navigation, hover", "--ijmond-nav-color", "--ijmond-nav-hover-background-color", TEXT],
  ["footer text", "--utrecht-page-footer-color", "--utrecht-page-footer-background-color", TEXT],
  ["footer link", "--ijmond-footer-link-color", "--utrecht-page-footer-background-color", TEXT],
  ["form input text", "--basis-form-control-color", "--basis-form-control-background-color", TEXT],
  ["form placeholder", "--basis-form-control-placeholder-color", "--basis-form-control-background-color", TEXT],
  ["form label", "--utrecht-form-label-color", PAGE, TEXT],
  ["field error message", "--utrecht-form-field-error-message-color", PAGE, TEXT],
  ["error summary text", "--basis-color-negative-color-document", "--basis-color-negative-bg-default", TEXT],
  ["error summary link", "--basis-color-negative-color-default", "--basis-color-negative-bg-default", TEXT],
  ["alert, info", "--utrecht-alert-info-color", "--utrecht-alert-info-background-color", TEXT],
  ["alert, ok", "--utrecht-alert-ok-color", "--utrecht-alert-ok-background-color", TEXT],
  ["alert, warning", "--utrecht-alert-warning-color", "--utrecht-alert-warning-background-color", TEXT],
  ["alert, error", "--utrecht-alert-error-color", "--utrecht-alert-error-background-color", TEXT],
  ["status label, info", "--basis-color-info-color-document", "--basis-color-info-bg-default", TEXT],
  ["status label, warning", "--basis-color-warning-color-document", "--basis-color-warning-bg-default", TEXT],
  ["status label, positive", "--basis-color-positive-color-document", "--basis-color-positive-bg-default", TEXT],
  ["status label, neutral", "--basis-color-default-color-document", "--basis-color-default-bg-default", TEXT],
  ["status badge (allauth)", "--utrecht-status-badge-color", "--utrecht-status-badge-background-color", TEXT],
  ["status badge, success", "--utrecht-status-badge-success-color", "--utrecht-status-badge-success-background-color", TEXT],
  ["status badge, warning", "--utrecht-status-badge-warning-color", "--utrecht-status-badge-warning-background-color", TEXT],
  ["table header", "--utrecht-table-header-color", "--utrecht-table-header-background-color", TEXT],
  ["tracking code", "--utrecht-document-color", "--basis-color-accent-2-bg-subtle", TEXT],
  ["form control border", "--basis-form-control-border-color", PAGE, GRAPHIC],
  ["invalid field border", "--basis-color-negative-border-default", PAGE, GRAPHIC],
  ["focus outline on the page", "--basis-focus-outline-color", PAGE, GRAPHIC],
  ["focus outline on a focused link", "--basis-focus-outline-color", "--basis-focus-background-color", GRAPHIC],
  ["focus ring on the navigation", "--basis-focus-inverse-outline-color", "--ijmond-nav-background-color", GRAPHIC],
  ["focus ring in the footer", "--basis-focus-inverse-outline-color", "--utrecht-page-footer-background-color", GRAPHIC],
  ["current page marker in the navigation", "--ijmond-nav-current-border-color", "--ijmond-nav-background-color", GRAPHIC],
  ["primary button against the page", "--utrecht-button-primary-action-background-color", PAGE, GRAPHIC],
  ["secondary button border", "--utrecht-button-secondary-action-border-color", PAGE, GRAPHIC],
  ["checkbox and radio button (accent)", "--basis-form-control-accent-color", PAGE, GRAPHIC],
  ["chart bar 1", "--ijmond-chart-1", PAGE, GRAPHIC],
  ["chart bar 2", "--ijmond-chart-2", PAGE, GRAPHIC],
  ["chart bar 3", "--ijmond-chart-3", PAGE, GRAPHIC],
];

function block(css, selector) {
  const start = css.indexOf(`${selector} {`);
  if (start === -1) throw new Error(`no "${selector} {" block`);
  return css.slice(start, css.indexOf("}", start));
}

function declarations(text) {
  const map = new Map();
  for (const [, name, value] of text.matchAll(/(--[\w-]+)\s*:\s*([^;]*);/g)) {
    map.set(name, value.replace(/\/\*.*?\*\//g, "").trim());
  }
  return map;
}

if (!existsSync(TOKENS)) {
  console.error("The design tokens are not installed: run `npm ci` first.");
  process.exit(2);
}
const properties = new Map([
  ...declarations(block(readFileSync(TOKENS, "utf8"), ".voorbeeld-theme")),
  ...declarations(block(readFileSync(THEME, "utf8"), ".ijmond-theme")),
]);

// Resolves var(--a, fallback) chains to a final value.
function resolve(value, seen = new Set()) {
  const match = /^var\(\s*(--[\w-]+)\s*(?:,\s*(.*))?\)$/s.exec(value.trim());
  if (!match) return value.trim();
  const [, name, fallback] = match;
  if (seen.has(name)) throw new Error(`circular reference through ${name}`);
  if (properties.has(name)) return resolve(properties.get(name), new Set([...seen, name]));
  if (fallback !== undefined) return resolve(fallback, seen);
  throw new Error(`${name} is not defined`);
}

function rgb(colour) {
  const value = colour.toLowerCase();
  if (value === "white") return [255, 255, 255];
  if (value === "black") return [0, 0, 0];
  let hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/.exec(value)?.[1];
  if (!hex) throw new Error(`cannot read colour "${colour}" (use #rgb or #rrggbb in the theme)`);
  if (hex.length === 3) hex = [...hex].map((c) => c + c).join("");
  return [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16));
}

// WCAG 2.1 relative luminance and contrast ratio.
function luminance([r, g, b]) {
  const channel = (c) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

function ratio(a, b) {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light + 0.05) / (dark + 0.05);
}

let failures = 0;
const rows = [];
for (const [what, fg, bg, minimum] of PAIRS) {
  try {
    const [fgColour, bgColour] = [resolve(`var(${fg})`), resolve(`var(${bg})`)];
    const value = ratio(rgb(fgColour), rgb(bgColour));
    const ok = value >= minimum;
    if (!ok) failures += 1;
    rows.push([ok ? "ok  " : "FAIL", value.toFixed(2).padStart(5), `≥ ${minimum}`, `${fgColour} on ${bgColour}`.padEnd(20), what]);
  } catch (error) {
    failures += 1;
    rows.push(["FAIL", "  -  ", `≥ ${minimum}`, error.message, what]);
  }
}
for (const row of rows) console.log(row.join("  "));
console.log(failures ? `\n${failures} of ${PAIRS.length} colour pairs fail WCAG 2.1 AA.` : `\nAll ${PAIRS.length} colour pairs meet WCAG 2.1 AA.`);
process.exit(failures ? 1 : 0);
