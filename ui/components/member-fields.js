// The fields of a member's record as API.md's MemberFields names them, and the codes around them.
import { t, getLocale } from '../i18n/index.js';
import { codeLabel } from './format.js';

/**
 * Every MemberFields key in the order of the record screen.
 * kind: text | year | gender | status | notes; max: the most characters; sensitive: masked unless
 * revealed; exportDefault false: left out of an export unless ticked.
 * The order, max, sensitive and exportDefault are the core's table of fields (member_fields in
 * API.md); tests/tests/ui_source.rs holds this list and the field.* labels to it.
 */
export const MEMBER_FIELDS = [
  { name: 'name', kind: 'text', max: 40, required: true },
  { name: 'gender', kind: 'gender' },
  { name: 'id_number', kind: 'text', max: 18, sensitive: true, exportDefault: false },
  { name: 'student_number', kind: 'text', max: 200 },
  { name: 'enrolment_year', kind: 'year' },
  { name: 'graduation_year', kind: 'year' },
  { name: 'college', kind: 'text', max: 200 },
  { name: 'major', kind: 'text', max: 200 },
  { name: 'degree', kind: 'text', max: 200 },
  { name: 'class_name', kind: 'text', max: 200 },
  { name: 'phone', kind: 'text', max: 200, sensitive: true, type: 'tel' },
  { name: 'email', kind: 'text', max: 200, type: 'email' },
  { name: 'wechat', kind: 'text', max: 200 },
  { name: 'employer', kind: 'text', max: 200 },
  { name: 'job_title', kind: 'text', max: 200 },
  { name: 'city', kind: 'text', max: 200 },
  { name: 'status', kind: 'status' },
  { name: 'notes', kind: 'notes', max: 2000 },
];

export const FIELD_NAMES = MEMBER_FIELDS.map((f) => f.name);

export const GENDERS = ['male', 'female'];
export const STATUSES = ['active', 'lost_contact', 'deceased'];
export const BRANCH_KINDS = ['regional', 'industry', 'college', 'overseas'];
export const BRANCH_ROLES = ['president', 'vice_president', 'secretary_general', 'contact', 'member'];
export const OFFICES = [
  'president', 'vice_president', 'secretary_general', 'deputy_secretary_general',
  'executive_council', 'council', 'chief_supervisor', 'supervisor',
];

/** The columns export_members accepts, in the order of the record. */
export const EXPORT_COLUMNS = FIELD_NAMES;

/** Whether an export includes a column unless the user unticks it. */
export function exportedByDefault(name) {
  const field = MEMBER_FIELDS.find((f) => f.name === name);
  return !field || field.exportDefault !== false;
}

/** MemberFields with every value empty (status active). */
export function emptyFields() {
  const fields = {};
  for (const f of MEMBER_FIELDS) fields[f.name] = null;
  fields.status = 'active';
  return fields;
}

/** The MemberFields part of a Member (or of any object carrying those keys). */
export function fieldsOf(record) {
  const fields = emptyFields();
  if (!record) return fields;
  for (const name of FIELD_NAMES) {
    if (record[name] !== undefined) fields[name] = record[name];
  }
  if (!fields.status) fields.status = 'active';
  return fields;
}

/** Whether a field's value counts as empty. */
export function isBlank(value) {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
}

/** The label of a field, e.g. 工作单位 / Employer. */
export const fieldLabel = (name) => codeLabel('field', name);

/** A field's value as shown: codes become words, years stay numbers, empty is the dash. */
export function displayValue(name, value) {
  if (isBlank(value)) return t('common.empty');
  if (name === 'gender') return codeLabel('gender', value);
  if (name === 'status') return codeLabel('member_status', value);
  return String(value);
}

/** "第 3 届" / "3rd term". */
export function termLabel(number) {
  return t('term.label', { n: ordinal(number) });
}

/** The number with an English ordinal suffix ("3rd") in English; zh-CN writes 第 3 届 with plain digits. */
function ordinal(n) {
  const value = Number(n);
  if (!getLocale().startsWith('en') || !Number.isInteger(value)) return String(n);
  const lastTwo = value % 100;
  if (lastTwo >= 11 && lastTwo <= 13) return `${value}th`;
  return `${value}${['th', 'st', 'nd', 'rd'][value % 10] || 'th'}`;
}
