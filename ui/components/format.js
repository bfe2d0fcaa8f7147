// Locale-aware display of numbers, counts with units, dates and backend codes.
import { t, hasKey } from '../i18n/index.js';

/** Integer with thousands separators, e.g. 20,000 (the same in zh-CN and en; no dependence on ICU data). */
export function formatNumber(value) {
  const n = Number(value);
  if (value === null || value === undefined || value === '' || !Number.isFinite(n)) return t('common.empty');
  const whole = Math.trunc(n);
  const digits = String(Math.abs(whole)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return whole < 0 ? `-${digits}` : digits;
}

/** A count with its unit: formatCount(420) → "420 人" / "420 people". Units: people, entries, rows. */
export function formatCount(value, unit = 'people') {
  const form = Number(value) === 1 ? 'one' : 'other';
  return t(`unit.${unit}.${form}`, { n: formatNumber(value) });
}

/** Parses an RFC 3339 string into a Date, or null when absent or malformed. */
export function parseTime(value) {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

const pad2 = (n) => String(n).padStart(2, '0');

// The backend sends every time in the association's zone (a setting, default Asia/Shanghai), with
// its offset: shown as that wall clock, never converted to this machine's zone — a laptop on UTC
// must show 09:00 for a 09:00 meeting. A time without an offset is taken as UTC.
function wallClock(value) {
  const date = parseTime(value);
  if (!date) return null;
  const offset = /([+-])(\d{2}):?(\d{2})$/.exec(String(value).trim());
  const minutes = offset ? (offset[1] === '-' ? -1 : 1) * (Number(offset[2]) * 60 + Number(offset[3])) : 0;
  return new Date(date.getTime() + minutes * 60000);
}

// Wall-clock parts that the translation patterns in date.* pick from.
function dateParts(wall) {
  const month = wall.getUTCMonth() + 1;
  return {
    year: wall.getUTCFullYear(),
    month,
    monthName: t(`month.${month}`),
    day: wall.getUTCDate(),
    weekday: t(`weekday.${wall.getUTCDay()}`),
    time: `${pad2(wall.getUTCHours())}:${pad2(wall.getUTCMinutes())}`,
  };
}

function formatWith(value, key) {
  const wall = wallClock(value);
  if (!wall) return value ? String(value) : t('common.empty');
  return t(key, dateParts(wall));
}

/** "2024年12月15日 14:30" / "15 Dec 2024 14:30"; with weekday where a date is announced. */
export function formatDateTime(value, { weekday = false } = {}) {
  return formatWith(value, weekday ? 'date.datetime_weekday' : 'date.datetime');
}

/** "2024年12月15日" / "15 Dec 2024"; with weekday: "2024年12月15日（星期日）". */
export function formatDate(value, { weekday = false } = {}) {
  return formatWith(value, weekday ? 'date.date_weekday' : 'date.date');
}

/** "14:30" in the association's zone (the wall clock the backend sent). */
export function formatTime(value) {
  const wall = wallClock(value);
  return wall ? dateParts(wall).time : t('common.empty');
}

/** Whether a time lies in the future. */
export function isUpcoming(value, now = Date.now()) {
  const date = parseTime(value);
  return date !== null && date.getTime() > now;
}

/** The label for a backend code (e.g. prefix 'category', code 'delegate'); unknown codes show as they are. */
export function codeLabel(prefix, code) {
  if (code === null || code === undefined || code === '') return t('common.empty');
  const key = `${prefix}.${code}`;
  return hasKey(key) ? t(key) : String(code);
}

/** Text or the empty-cell dash. */
export function orEmpty(value) {
  return value === null || value === undefined || value === '' ? t('common.empty') : String(value);
}

/** A calendar date written `YYYY-MM-DD` (no time, no zone) as "2024年12月15日" / "15 Dec 2024". */
export function formatDay(value) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(value || ''));
  if (!match) return formatDate(value);
  // Built in local time, so the day never shifts with the time zone.
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return t('date.date', dateParts(date));
}

/** "87%" from a part and a whole; the dash when the whole is zero or unknown. */
export function formatPercent(part, whole) {
  const p = Number(part);
  const w = Number(whole);
  if (!Number.isFinite(p) || !Number.isFinite(w) || w <= 0) return t('common.empty');
  return `${Math.round((p / w) * 100)}%`;
}

/** "72 KB" / "1.4 MB" from a byte count (1 KB = 1024 bytes, as file managers show it). */
export function formatFileSize(bytes) {
  const n = Number(bytes);
  if (!Number.isFinite(n) || n < 0) return t('common.empty');
  if (n < 1024) return t('unit.bytes', { n: formatNumber(n) });
  if (n < 1024 * 1024) return t('unit.kb', { n: formatNumber(Math.max(1, Math.round(n / 1024))) });
  return t('unit.mb', { n: (n / (1024 * 1024)).toFixed(1) });
}
