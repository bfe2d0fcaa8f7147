// Statistics: the register in numbers — by decade, college, degree, city, branch — and how
// reachable it is (phone, e-mail, WeChat, employer on record), with a PDF report.
import * as api from '../api.js';
import { el, replace } from '../components/dom.js';
import { statisticsReportButton } from '../components/statistics-report.js';
import { showError } from '../components/errors.js';
import { barChart } from '../components/bars.js';
import { formatNumber, formatCount, formatPercent, codeLabel } from '../components/format.js';
import { t } from '../i18n/index.js';

const TOP_CITIES = 15;
const COVERAGE_WORDS = { phone: '手机', email: '邮箱', wechat: '微信', employer: '工作单位' };

// Last figures shown, and the last report saved, so a language switch re-renders at once.
let cache = null;
let savedPath = null;

/** Renders the statistics dashboard. */
export function render(ctx) {
  if (ctx.reason !== 'locale') savedPath = null;
  const body = el('div', { className: 'stats-body' }, el('p', { className: 'loading', text: t('common.loading') }));
  const { button: pdf, status } = statisticsReportButton({
    idPrefix: 'stats-export',
    className: 'btn btn-primary',
    remembered: savedPath,
    onSaved: (path) => { savedPath = path; },
  });
  const root = el('section', { id: 'statistics', className: 'view-statistics' }, [
    el('div', { className: 'view-header view-header-row' }, [
      el('div', {}, [
        el('a', { className: 'back-link', attrs: { href: '#/members' }, text: t('member.back') }),
        el('h2', { className: 'view-title', text: t('stats.title') }),
      ]),
      el('div', { className: 'actions' }, pdf),
    ]),
    status,
    body,
  ]);

  const fill = (stats) => {
    const coverage = stats.contact_coverage || [];
    const total = Number(stats.total_members) || 0;
    const card = (id, label, value, extra) => el('div', { className: ['stat-card', extra] }, [
      el('div', { className: 'stat-label', text: label }),
      el('div', { id, className: 'stat-value', text: value }),
    ]);
    // Labels are codes (phone) or, from an older backend, the words themselves (手机).
    const coverageOf = (code) => {
      const found = coverage.find(([label]) => label === code || label === COVERAGE_WORDS[code]);
      return found ? formatPercent(found[1], found[2]) : t('common.empty');
    };
    replace(body, [
      el('div', { className: 'stat-grid stat-grid-4' }, [
        card('stat-total', t('stats.total'), formatNumber(total), 'stat-card-upcoming'),
        card('stat-colleges', t('stats.colleges'), formatNumber(countKnown(stats.by_college))),
        card('stat-branches', t('stats.branches'), formatNumber((stats.branch_sizes || []).length)),
        card('stat-phone', t('stats.phone_coverage'), coverageOf('phone')),
      ]),
      el('div', { className: 'chart-grid' }, [
        chartPanel('chart-decade', t('stats.by_decade'), countRows(stats.by_decade, decadeLabel)),
        chartPanel('chart-degree', t('stats.by_degree'), countRows(stats.by_degree)),
        chartPanel('chart-college', t('stats.by_college'), countRows(stats.by_college)),
        chartPanel('chart-city', t('stats.by_city', { n: TOP_CITIES }), countRows(topWithOther(stats.by_city, TOP_CITIES))),
        chartPanel('chart-branches', t('stats.branch_sizes'), countRows(stats.branch_sizes)),
        chartPanel('chart-coverage', t('stats.coverage'), coverage.map(([label, have, all]) => ({
          label: codeLabel('coverage', label),
          value: Number(all) > 0 ? (Number(have) / Number(all)) * 100 : 0,
          text: t('stats.coverage_value', { percent: formatPercent(have, all), have: formatNumber(have), total: formatNumber(all) }),
        })), { max: 100, className: 'bar-chart-percent' }),
      ]),
    ]);
    root.dataset.ready = 'true';
  };

  if (ctx.reason === 'locale' && cache) {
    fill(cache);
    return root;
  }
  api.getStatistics().then((stats) => {
    cache = stats || {};
    if (ctx.isCurrent()) fill(cache);
  }).catch((err) => {
    if (!ctx.isCurrent()) return;
    replace(body, el('p', { className: 'muted', text: t('common.load_failed') }));
    root.dataset.ready = 'true';
    showError(err);
  });
  return root;
}

function chartPanel(id, title, rows, options = {}) {
  return el('section', { className: 'panel chart-panel' }, [
    el('h3', { className: 'panel-title', text: title }),
    barChart(rows, { id, emptyText: t('stats.no_data'), ...options }),
  ]);
}

const isUnknown = (label) => label === null || label === undefined || label === '';

/** [[label, n]] → bar rows, with "not recorded" for an empty label. */
function countRows(pairs, labelOf = (l) => l) {
  return (pairs || []).map(([label, n]) => ({
    label: isUnknown(label) ? t('stats.unknown') : String(labelOf(label)),
    value: Number(n) || 0,
    text: formatCount(n),
  }));
}

function countKnown(pairs) {
  return (pairs || []).filter(([label]) => !isUnknown(label)).length;
}

/** A decade as the backend gives it (1990, "1990", "1990s") → 1990年代 / 1990s. */
function decadeLabel(label) {
  const match = /^(\d{4})s?$/.exec(String(label).trim());
  return match ? t('stats.decade', { decade: match[1] }) : label;
}

/** The n largest, and the rest summed as 其他 / Other. */
function topWithOther(pairs, n) {
  const list = [...(pairs || [])].sort((a, b) => (Number(b[1]) || 0) - (Number(a[1]) || 0));
  if (list.length <= n) return list;
  const rest = list.slice(n).reduce((sum, [, v]) => sum + (Number(v) || 0), 0);
  return [...list.slice(0, n), [t('stats.other'), rest]];
}
