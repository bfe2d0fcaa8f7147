// Ballot keying (#/elections/ID/key?pass=1|2): one paper ballot at a time, keyboard only.
// Most ballots agree with almost the whole list, so a clerk keys the ballot's pattern in one
// keystroke and then only the exceptions by candidate number — numeric-keypad keys, which
// reach the page even while a Chinese input method is on:
//   *      every box 同意 (○)            /      every box empty (blank ballot)
//   12-    number 12 不同意 (×)          12+    number 12 同意
//   12.    number 12 empty again         12*    number 12 弃权 (rare: written 弃)
//   +      the same marks as the ballot keyed last (papers often repeat a pattern)
//   Enter  save this ballot and start the next; Backspace on nothing undoes the last key.
// The paper's grid is drawn as it is printed, so the clerk sees what was keyed. A second
// clerk keys the same papers as pass 2; each ballot's differences from pass 1 show at once.
import * as api from '../api.js';
import { el, replace, whileBusy } from '../components/dom.js';
import { showError, describeError } from '../components/errors.js';
import { createBallotGrid, drawKeyedList } from '../components/ballot-grid.js';
import { codeLabel } from '../components/format.js';
import { t } from '../i18n/index.js';

// A command: an optional candidate number and one operator key.
const COMMAND = /^(\d*)([*/+\-.])$/;
const OPERATORS = new Set(['*', '/', '+', '-', '.']);

/** Renders the keying screen of election `electionId`, entry pass `pass`. */
export function renderKeying(ctx, electionId, pass) {
  const root = el('section', { id: 'keying', className: 'view-keying', dataset: { election: electionId, pass } },
    el('p', { className: 'loading', text: t('common.loading') }));
  (async () => {
    try {
      const [setup, keyed] = await Promise.all([api.getElection(electionId), api.keyedBallots(electionId, pass)]);
      if (!ctx.isCurrent()) return;
      replace(root, keyingScreen(ctx, setup, pass, keyed));
      root.dataset.ready = 'true';
      root.querySelector('#keying-command').focus();
    } catch (err) {
      showError(err);
    }
  })();
  return root;
}

function keyingScreen(ctx, setup, pass, keyedAtStart) {
  const detail = setup.detail || setup;
  const candidates = detail.candidates;
  const size = candidates.length;
  let keyed = keyedAtStart;
  let marks = new Array(size).fill('empty');
  let touched = false;
  let changed = new Set();
  const history = [];

  const grid = createBallotGrid({ id: 'ballot-grid', candidates, columns: detail.ballot_columns || 10 });
  const nextNumber = () => keyed.reduce((max, b) => Math.max(max, b.number), 0) + 1;
  const numberInput = el('input', {
    id: 'keying-number', className: 'input keying-number',
    attrs: { type: 'number', min: '1', step: '1', 'aria-label': t('keying.number') },
    props: { value: String(nextNumber()) },
  });
  const command = el('input', {
    id: 'keying-command', className: 'input keying-command',
    attrs: { type: 'text', autocomplete: 'off', spellcheck: 'false', inputmode: 'numeric', 'aria-label': t('keying.command'), 'aria-describedby': 'keying-help' },
  });
  const writeIns = Array.from({ length: detail.write_in_lines }, (_, i) => el('input', {
    className: 'input keying-write-in',
    attrs: { type: 'text', maxlength: '40', 'aria-label': t('keying.write_in_n', { n: i + 1 }) },
    dataset: { line: i + 1 },
  }));
  const status = el('p', { id: 'keying-status', className: 'keying-status', attrs: { role: 'status', 'aria-live': 'polite' } });
  const differences = el('div', { id: 'keying-differences', className: 'keying-differences', hidden: true });
  const counter = el('span', { id: 'keying-count', className: 'keying-count' });
  const list = el('div', { id: 'keyed-list', className: 'keyed-list-box' });
  const tally = el('p', { id: 'keying-tally', className: 'keying-tally' });

  function drawCounts() {
    counter.textContent = t('keying.count', { keyed: keyed.length, issued: detail.issued ?? 0 });
    const over = keyed.filter((b) => b.over_marked).length;
    const blank = keyed.filter((b) => b.blank).length;
    tally.textContent = t('keying.tally', { over, blank });
    drawKeyedList(list, keyed, load);
  }

  function redraw() {
    grid.draw(marks, changed);
    const agrees = marks.filter((m) => m === 'agree').length + writeIns.filter((w) => w.value.trim()).length;
    const over = agrees > detail.seats;
    root.classList.toggle('keying-over', over);
    replace(status, touched
      ? [t('keying.agrees', { count: agrees, seats: detail.seats }), over ? el('strong', { className: 'warn-text', text: ` ${t('keying.over_marked')}` }) : null]
      : t('keying.start_hint'));
  }

  function fresh(number) {
    marks = new Array(size).fill('empty');
    touched = false;
    changed = new Set();
    history.length = 0;
    for (const w of writeIns) w.value = '';
    numberInput.value = String(number);
    redraw();
  }

  /** Loads a keyed ballot back for correction. */
  function load(ballot) {
    marks = ballot.marks.slice();
    touched = true;
    changed = new Set();
    history.length = 0;
    writeIns.forEach((w, i) => { w.value = ballot.write_ins[i] || ''; });
    numberInput.value = String(ballot.number);
    redraw();
    command.focus();
  }

  function apply(text) {
    const m = COMMAND.exec(text);
    if (!m) return false;
    const [, digits, op] = m;
    history.push({ marks: marks.slice(), changed: new Set(changed), touched });
    if (digits === '') {
      if (op === '*') marks = new Array(size).fill('agree');
      else if (op === '/') marks = new Array(size).fill('empty');
      else if (op === '+' && keyed.length) {
        // Same as the ballot keyed last: papers often repeat a pattern.
        const last = keyed.reduce((a, b) => (b.number > a.number ? b : a));
        marks = last.marks.slice();
      } else {
        history.pop();
        return false;
      }
      changed = new Set();
    } else {
      const n = Number(digits);
      if (n < 1 || n > size) {
        history.pop();
        status.textContent = t('keying.no_such_number', { number: n, size });
        return true;
      }
      const mark = { '+': 'agree', '-': 'disagree', '.': 'empty', '*': 'abstain', '/': 'empty' }[op];
      marks[n - 1] = mark;
      changed.add(n - 1);
    }
    touched = true;
    redraw();
    return true;
  }

  function undo() {
    const last = history.pop();
    if (!last) return;
    marks = last.marks;
    changed = last.changed;
    touched = last.touched;
    redraw();
  }

  async function save() {
    const number = Number(numberInput.value);
    if (!Number.isInteger(number) || number < 1) {
      status.textContent = t('keying.number_required');
      numberInput.focus();
      return;
    }
    if (!touched && !writeIns.some((w) => w.value.trim())) {
      // An untouched ballot is never saved as blank by accident: "/" says blank.
      status.textContent = t('keying.start_hint');
      return;
    }
    try {
      const names = writeIns.map((w) => w.value.trim()).filter(Boolean);
      const done = await api.keyBallot(detail.id, pass, number, marks, names);
      keyed = keyed.filter((b) => b.number !== number).concat([done.ballot]).sort((a, b) => a.number - b.number);
      drawCounts();
      drawDifferences(done);
      fresh(Math.max(done.next_number, 1));
      replace(status, [
        el('span', { className: 'ok-text', text: t('keying.saved', { number }) }),
        done.ballot.over_marked ? el('strong', { className: 'warn-text', text: ` ${t('keying.saved_invalid')}` }) : null,
      ]);
      command.focus();
    } catch (err) {
      status.textContent = describeError(err).sentence;
    }
  }

  function drawDifferences(done) {
    differences.hidden = done.differences.length === 0;
    replace(differences, done.differences.length === 0 ? [] : [
      el('strong', { text: t('keying.differs', { number: done.ballot.number, count: done.differences.length }) }),
      el('ul', {}, done.differences.map((d) => el('li', {
        text: t('keying.difference', { column: d.column === 'write_in' ? t('keying.write_in') : d.column, first: codeLabel('keying.mark', d.first), second: codeLabel('keying.mark', d.second) }),
      }))),
    ]);
  }

  // Every key goes through one queue, so keys typed while a ballot is being saved apply to
  // the next ballot, in order — a fast clerk never outruns the save.
  let buffer = '';
  let queue = Promise.resolve();
  const enqueue = (work) => {
    queue = queue.then(work).catch(showError);
    return queue;
  };
  function press(key) {
    if (/^\d$/.test(key)) buffer += key;
    else if (OPERATORS.has(key)) {
      const text = buffer + key;
      buffer = '';
      if (!apply(text)) status.textContent = t('keying.unknown_command', { text });
    } else if (key === 'Enter') {
      if (buffer) {
        status.textContent = t('keying.unknown_command', { text: buffer });
        buffer = '';
      } else {
        command.value = '';
        return save();
      }
    } else if (key === 'Backspace') {
      if (buffer) buffer = buffer.slice(0, -1);
      else undo();
    } else if (key === 'Escape') buffer = '';
    command.value = buffer;
    return undefined;
  }
  command.addEventListener('keydown', (e) => {
    if (e.isComposing || e.ctrlKey || e.altKey || e.metaKey) return;
    const key = e.key;
    if (/^\d$/.test(key) || OPERATORS.has(key) || ['Enter', 'Backspace', 'Escape'].includes(key)) {
      e.preventDefault();
      enqueue(() => press(key));
    }
  });
  for (const w of writeIns) {
    w.addEventListener('input', redraw);
    w.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.isComposing) {
        e.preventDefault();
        enqueue(save);
      }
    });
  }

  const saveButton = el('button', { id: 'keying-save', className: 'btn btn-primary', attrs: { type: 'button' }, text: t('keying.save') });
  saveButton.addEventListener('click', () => whileBusy(saveButton, () => enqueue(save)));
  const deleteButton = el('button', { id: 'keying-delete', className: 'btn btn-danger-quiet', attrs: { type: 'button' }, text: t('keying.delete') });
  deleteButton.addEventListener('click', () => whileBusy(deleteButton, async () => {
    const number = Number(numberInput.value);
    try {
      if (await api.deleteBallot(detail.id, pass, number)) {
        keyed = keyed.filter((b) => b.number !== number);
        drawCounts();
        fresh(nextNumber());
        status.textContent = t('keying.deleted', { number });
      }
    } catch (err) {
      showError(err);
    }
  }));

  const root = el('div', { className: 'keying' }, [
    el('div', { className: 'view-header' }, [
      el('h2', { className: 'view-title', text: `${detail.title} · ${t('keying.title', { pass })}` }),
      el('a', { id: 'keying-back', className: 'panel-link', attrs: { href: `#/elections/${detail.id}` }, text: t('elections.back_to_election') }),
    ]),
    el('div', { className: 'keying-bar panel' }, [
      el('label', { className: 'form-field' }, [el('span', { className: 'form-label', text: t('keying.number') }), numberInput]),
      el('label', { className: 'form-field keying-command-field' }, [el('span', { className: 'form-label', text: t('keying.command') }), command]),
      saveButton,
      deleteButton,
      counter,
    ]),
    el('p', { id: 'keying-help', className: 'muted keying-help', text: t('keying.help') }),
    status,
    differences,
    el('div', { className: 'keying-body' }, [
      el('div', { className: 'keying-paper panel' }, [
        el('p', { className: 'keying-paper-title', text: t('keying.paper_title', { title: detail.title, seats: detail.seats }) }),
        grid.element,
        writeIns.length ? el('div', { className: 'keying-write-ins' }, [el('span', { className: 'form-label', text: t('keying.write_in') }), ...writeIns]) : null,
      ]),
      el('aside', { className: 'keying-side panel' }, [el('h3', { className: 'panel-title', text: t('keying.keyed') }), tally, list]),
    ]),
  ]);
  drawCounts();
  redraw();
  return root;
}
