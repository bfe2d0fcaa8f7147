// Translation lookup: t(key, params) in the chosen locale (zh-CN by default, kept in localStorage).
import zhCN from './zh-CN.js';
import en from './en.js';

const TABLES = { 'zh-CN': zhCN, en };
const DEFAULT_LOCALE = 'zh-CN';
const STORAGE_KEY = 'alumni-desk.locale';

/** The locales the UI ships, in toggle order. */
export const LOCALES = Object.keys(TABLES);

const listeners = new Set();
let current = readStoredLocale();
applyDocumentLanguage();

function readStoredLocale() {
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    if (stored && TABLES[stored]) return stored;
  } catch {
    // Storage can be unavailable (private mode, a locked-down door station): use the default.
  }
  return DEFAULT_LOCALE;
}

function applyDocumentLanguage() {
  if (typeof document !== 'undefined') document.documentElement.lang = current;
}

/** Whether the key exists in the current locale's table (used for codes that come from the backend). */
export function hasKey(key) {
  return Object.prototype.hasOwnProperty.call(TABLES[current], key);
}

/** The text for key with {name} placeholders filled from params. A missing key shows itself, so it gets noticed. */
export function t(key, params) {
  let text = TABLES[current][key];
  if (text === undefined) text = TABLES[DEFAULT_LOCALE][key];
  if (text === undefined) {
    console.warn(`i18n: missing key ${key}`);
    return key;
  }
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name) =>
    Object.prototype.hasOwnProperty.call(params, name) && params[name] !== undefined && params[name] !== null
      ? String(params[name])
      : whole,
  );
}

/** Switches the locale, remembers it and tells every listener (the shell re-renders). */
export function setLocale(locale) {
  if (!TABLES[locale]) throw new Error(`unknown locale: ${locale}`);
  if (locale === current) return;
  current = locale;
  try {
    window.localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // Not remembered across restarts, but the switch itself still works.
  }
  applyDocumentLanguage();
  for (const fn of listeners) {
    try {
      fn(locale);
    } catch (err) {
      console.error(err);
    }
  }
}

/** The current locale code, e.g. 'zh-CN'. */
export function getLocale() {
  return current;
}

/** Calls fn(locale) after every switch; returns a function that unsubscribes. */
export function onLocaleChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}
