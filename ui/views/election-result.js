// An election round's result: the figures, every candidate's votes as a bar chart with the
// threshold line (the same chart as the 选举结果报告单), the elected, the tied and the unfilled
// seats, and — when a paper tally sheet was keyed too — where it differs from the ballots.
import { el } from '../components/dom.js';
import { barChart } from '../components/bars.js';
import { codeLabel } from '../components/format.js';
import { t } from '../i18n/index.js';

/** The result panel of `result` (the `election result --json` shape). */
export function resultPanel(result) {
  const void_ = result.status === 'void';
  const figures = [
    ['issued', result.issued], ['returned', result.returned], ['valid', result.valid],
    ['invalid', result.invalid], ['blank', result.blank], ['threshold', result.threshold],
  ];
  const tied = new Set(result.tied);
  const rows = result.candidates.map((c) => ({
    label: c.write_in ? `${c.name}（${t('results.write_in')}）` : c.name,
    value: c.agree,
    text: String(c.agree),
    className: c.elected ? 'bar-elected' : tied.has(c.name) ? 'bar-tied' : null,
    title: t('results.votes_of', { name: c.name, agree: c.agree, disagree: c.disagree, abstain: c.abstain }),
  }));
  const top = Math.max(result.threshold, ...result.candidates.map((c) => c.agree));
  return el('section', { id: 'election-result', className: 'panel', dataset: { status: result.status, source: result.source } }, [
    el('h3', { className: 'panel-title', text: t('results.title') }),
    void_ ? el('p', { id: 'result-void', className: 'warn-text', text: t('results.void', { returned: result.returned, issued: result.issued }) }) : null,
    el('dl', { id: 'result-figures', className: 'result-figures' }, figures.flatMap(([key, value]) => [
      el('dt', { text: t(`results.${key}`) }),
      el('dd', { dataset: { figure: key }, text: String(value) }),
    ])),
    result.source === 'tally_sheet' ? el('p', { className: 'muted', text: t('results.from_sheet') }) : null,
    el('p', { id: 'result-elected', className: 'result-elected' }, [
      el('strong', { text: t('results.elected', { count: result.elected.length }) }),
      ` ${result.elected.join('、') || t('common.empty')}`,
    ]),
    result.tied.length ? el('p', { id: 'result-tied', className: 'warn-text', text: t('results.tied', { names: result.tied.join('、') }) }) : null,
    result.unfilled ? el('p', { id: 'result-unfilled', className: 'warn-text', text: t('results.unfilled', { count: result.unfilled }) }) : null,
    result.sheet_differences.length ? el('div', { id: 'sheet-differences', className: 'warn-box' }, [
      el('strong', { text: t('results.sheet_differs', { count: result.sheet_differences.length }) }),
      el('ul', {}, result.sheet_differences.slice(0, 20).map((d) => el('li', {
        text: t('results.sheet_difference', { name: codeLabel('results', d.name), column: codeLabel('results.column', d.column), ballots: d.ballots, sheet: d.sheet }),
      }))),
    ]) : null,
    el('h4', { className: 'chart-title', text: t('results.chart', { threshold: result.threshold }) }),
    barChart(rows, { id: 'result-chart', className: 'result-chart', max: top, mark: { value: result.threshold } }),
    el('details', { className: 'result-table-box' }, [
      el('summary', { text: t('results.table') }),
      el('table', { id: 'result-table', className: 'table' }, [
        el('thead', {}, el('tr', {}, ['results.col_name', 'results.col_agree', 'results.col_disagree', 'results.col_abstain', 'results.col_elected'].map((k) => el('th', { text: t(k) })))),
        el('tbody', {}, result.candidates.map((c) => el('tr', { dataset: { candidate: c.name } }, [
          el('td', { text: c.write_in ? `${c.name}（${t('results.write_in')}）` : c.name }),
          el('td', { className: 'num', text: String(c.agree) }),
          el('td', { className: 'num', text: String(c.disagree) }),
          el('td', { className: 'num', text: String(c.abstain) }),
          el('td', { text: c.elected ? t('results.yes') : tied.has(c.name) ? t('results.tie') : '' }),
        ]))),
      ]),
    ]),
  ]);
}
