// The dashboard: hash routes, each a view of one JSON answer of the API (or of the data a saved report
// carries in window.LYCEUM_DATA, keyed by the same API paths). Views that can change poll.
'use strict';
const SAVED = window.LYCEUM_DATA || null;
const view = document.getElementById('view');
const errorBox = document.getElementById('error');
let timers = [];
let generation = 0;

async function api(path) {
  if (SAVED) {
    if (path in SAVED) return SAVED[path];
    throw new Error('not in this saved report: ' + path + ' (open it in lyceum ui)');
  }
  const response = await fetch('api/' + path, {credentials: 'same-origin', cache: 'no-store'});
  const body = await response.json().catch(() => ({error: response.status + ' ' + response.statusText}));
  if (!response.ok) throw new Error(body.error || response.statusText);
  return body;
}

function h(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v !== null && v !== undefined) e.setAttribute(k, v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined) continue;
    e.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
  return e;
}
const link = (href, text) => h('a', {href}, text);
const enc = encodeURIComponent;
const num = v => v === null || v === undefined ? '-' : typeof v === 'number' ? LyceumCharts.fmt(v) : String(v);

function showError(message) {
  errorBox.textContent = message;
  errorBox.hidden = !message;
}

/** Runs load() now and, for live views, every period ms; render(data) only when the data changed. */
function poll(load, render, period) {
  let last = null;
  let failures = 0;
  const mine = generation;
  const tick = async () => {
    try {
      const data = await load();
      if (mine !== generation) return;
      const text = JSON.stringify(data);
      if (text !== last) {
        last = text;
        render(data);
      }
      showError('');
      document.getElementById('live').textContent = (period && !SAVED ? 'live · ' : '')
        + 'updated ' + new Date().toLocaleTimeString();
    } catch (e) {
      if (mine !== generation) return;
      showError(e.message);
      // a view that loads once asks again a few times: one read can fail on a busy store
      if (!period && !SAVED && ++failures < 4) timers.push(setTimeout(tick, 2000));
    }
  };
  tick();
  if (period && !SAVED) timers.push(setInterval(tick, period));
}

// ---- experiments ----
function progress(e) {
  const share = e.total > 0 ? Math.min(1, e.done / e.total) : 0;
  return h('span', {class: 'progress', 'data-progress': `${e.iteration}/${e.phase}/${e.done}`},
    h('span', {class: 'bar'}, h('span', {style: `width:${Math.round(share * 100)}%`})),
    ` ${e.phase || ''} ${e.total > 0 ? e.done + '/' + e.total : ''}`);
}

function experimentsView() {
  poll(() => api('experiments'), list => {
    view.replaceChildren(h('h1', {}, 'Experiments'));
    const rows = list.map(e => h('tr', {'data-experiment': e.id},
      h('td', {}, link(`#/experiment/${enc(e.id)}`, e.id)), h('td', {}, e.name || ''),
      h('td', {class: 'state-' + e.state}, e.state), h('td', {class: 'num'}, `${e.iteration}/${e.iterations}`),
      h('td', {}, e.state === 'running' ? progress(e) : ''),
      h('td', {}, Object.entries(e.latestAccuracy || {}).map(([k, v]) => `${k} ${num(v)}`).join(', ')),
      h('td', {}, Object.entries(e.latestSampling || {}).filter(([k, v]) => typeof v !== 'object').map(([k, v]) => `${k} ${v}`).join(', ')),
      h('td', {class: 'failure'}, e.failure || '')));
    view.appendChild(h('table', {id: 'experiments'},
      h('tr', {}, ['id', 'name', 'state', 'iteration', 'progress', 'latest accuracy', 'sampling', 'failure']
        .map(t => h('th', {}, t))), rows));
    if (list.length >= 2 && !SAVED) {
      const pick = id => h('select', {id}, list.map(e => h('option', {value: e.id}, e.id)));
      const a = pick('diff-a'), b = pick('diff-b');
      b.selectedIndex = 1;
      const go = h('button', {}, 'compare');
      go.onclick = () => { location.hash = `#/diff/${enc(a.value)}/${enc(b.value)}`; };
      view.append(h('h2', {}, 'Side by side'), a, ' against ', b, ' ', go);
    }
  }, 1500);
}

// ---- one experiment ----
function group(key) {
  const dot = key.indexOf('.');
  return dot < 0 ? key : key.slice(0, dot);
}
// The headline figures first, in the order of lyceum metrics' table; the rest by name.
const FIRST = ['coverage', 'coverage_after_resample', 'pass_at_k', 'maj_at_k', 'greedy_accuracy', 'test_time',
  'test_time_refine', 'hardest_bucket_coverage', 'hardest_bucket_share_accepted', 'hardest_bucket_share_original',
  'distinct_1', 'distinct_2', 'distinct_3', 'distinct_4', 'distinct_equations', 'semantic_diversity',
  'improvement_set_size', 'first_model_pass_at_n_on_improvement_set', 'length', 'perplexity', 'self_correction',
  'disparity', 'bucket_share_accepted', 'bucket_share_original', 'accepted', 'accepted_hint_derived', 'samples',
  'problems'];
const SHARES = /coverage|pass_at|maj_at|accuracy|share|distinct|diversity|flagged|oracle|selected|right_after|p_/;

function metricCharts(data) {
  const groups = new Map();
  const intervals = {};
  data.iterations.forEach(m => { intervals[m.iteration] = m.intervals || {}; });
  for (const [iteration, scalars] of Object.entries(data.scalars)) {
    for (const [key, value] of Object.entries(scalars)) {
      if (!groups.has(group(key))) groups.set(group(key), new Map());
      const series = groups.get(group(key));
      if (!series.has(key)) series.set(key, []);
      const interval = intervals[iteration][key];
      series.get(key).push({x: Number(iteration), y: value, low: interval ? interval.low : null,
        high: interval ? interval.high : null});
    }
  }
  const rank = name => { const i = FIRST.indexOf(name); return i < 0 ? FIRST.length : i; };
  return [...groups.entries()].sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b)).map(([name, series]) => h('figure', {class: 'chart', 'data-metric': name},
    h('figcaption', {}, name.replaceAll('_', ' ')),
    LyceumCharts.line([...series.entries()].map(([key, points]) => ({name: key, points})),
      {share: SHARES.test(name), xs: data.iterations.map(m => m.iteration)})));
}

function tailCharts(m) {
  const figures = [];
  const buckets = [...new Set(Object.keys(m.bucket_share_accepted || {}).concat(Object.keys(m.bucket_share_original || {})))]
    .sort((a, b) => a - b);
  if (buckets.length) {
    figures.push(h('figure', {class: 'chart', 'data-tail': 'difficulty'}, h('figcaption', {}, 'share per difficulty bucket'),
      LyceumCharts.bars(buckets, [
        {name: 'accepted', values: buckets.map(b => (m.bucket_share_accepted || {})[b] ?? null)},
        {name: 'original', values: buckets.map(b => (m.bucket_share_original || {})[b] ?? null)}])));
  }
  for (const name of ['length', 'perplexity']) {
    const t = m[name];
    if (!t || !t.bin_edges || t.bin_edges.length < 2) continue;
    const labels = t.bin_edges.slice(0, -1).map(v => LyceumCharts.fmt(v));
    figures.push(h('figure', {class: 'chart', 'data-tail': name},
      h('figcaption', {}, `${name}: accepted against original (JS ${num(t.js_divergence)}, W1 ${num(t.wasserstein_1)})`),
      LyceumCharts.bars(labels, [{name: 'accepted', values: t.accepted_histogram || []},
        {name: 'original', values: t.original_histogram || []}])));
  }
  return figures;
}

function drillDown(id, m) {
  const p = (filter, text) => link(`#/problems/${enc(id)}/${m.iteration}/${filter}`, text);
  const counts = [m.iteration, m.problems, m.samples, m.accepted].map(v => h('td', {class: 'num'}, v));
  // A saved report holds the figures only: the problems and samples behind them are in lyceum ui.
  if (SAVED || m.problems === 0) return h('tr', {'data-iteration': m.iteration}, counts);
  return h('tr', {'data-iteration': m.iteration}, counts,
    h('td', {}, h('nav', {class: 'drill'}, p('uncovered', 'uncovered problems'),
      p('hardest-uncovered', `hardest bucket (${m.hardest_bucket ?? '-'}) uncovered`), p('hardest', 'hardest bucket'),
      p('all', 'all problems'))),
    h('td', {}, h('nav', {class: 'drill'}, ['alpaca', 'sharegpt', 'trl-sft', 'trl-dpo'].map(f =>
      link(`#/export/${enc(id)}/${m.iteration}/${f}`, f)))));
}

function experimentView(id) {
  view.replaceChildren(h('h1', {}, 'Experiment ', id), h('div', {id: 'summary'}), h('div', {id: 'body'}, 'loading…'));
  if (!SAVED || `experiments/${id}` in SAVED) poll(() => api(`experiments/${enc(id)}`), e => {
    document.getElementById('summary').replaceChildren(h('p', {'data-experiment': e.id},
      h('span', {class: 'state-' + e.state}, e.state), ` · ${e.name || ''} · iteration ${e.iteration}/${e.iterations} `,
      e.state === 'running' ? progress(e) : '', e.failure ? h('span', {class: 'failure'}, ' · ' + e.failure) : ''));
  }, 1500);
  // Before the first metrics arrive a failure says why there are none; after, a failed poll (say, a read
  // timing out on a busy store) shows in the error line and keeps the charts already drawn.
  let drawn = false;
  poll(async () => {
    try { return await api(`experiments/${enc(id)}/metrics`); } catch (e) { if (drawn) throw e; return {pending: e.message}; }
  }, data => {
    const body = document.getElementById('body');
    drawn = drawn || !data.pending;
    if (data.pending) { body.replaceChildren(h('p', {class: 'pending'}, 'no metrics yet: ' + data.pending)); return; }
    const tails = data.iterations.filter(m => m.accepted > 0);
    const latest = tails[tails.length - 1];
    body.replaceChildren(
      h('h2', {}, 'Iterations'),
      h('table', {id: 'iterations'}, h('tr', {}, ['iteration', 'problems', 'samples', 'accepted']
        .concat(SAVED ? [] : ['problems behind the figures', 'training records']).map(t => h('th', {}, t))),
        data.iterations.map(m => drillDown(id, m))),
      h('h2', {}, 'Metrics per iteration'),
      h('p', {}, 'Bands are 95% intervals (Wilson for shares of problems, a bootstrap over problems for pass@k). Metrics version ',
        data.iterations.length ? data.iterations[data.iterations.length - 1].metrics_version : '-', '.'),
      h('div', {class: 'charts', id: 'metric-charts'}, metricCharts(data)),
      latest ? h('h2', {}, `Tail: accepted against original data, iteration ${latest.iteration}`) : '',
      latest ? h('div', {class: 'charts', id: 'tail-charts'}, tailCharts(latest)) : '');
  }, 2000);
}

// ---- drill-down ----
function problemsView(id, iteration, filter) {
  // the click shows at once that it was taken; a slow or failed answer then reads as such, not as no click
  view.replaceChildren(h('h1', {}, `${id}: iteration ${iteration}, ${filter} problems`), h('p', {class: 'pending'}, 'loading…'));
  poll(() => api(`experiments/${enc(id)}/problems?iteration=${iteration}&filter=${enc(filter)}`), d => {
    view.replaceChildren(h('h1', {}, `${id}: iteration ${iteration}, ${d.filter} problems`),
      h('p', {}, `${d.problems.length} of ${d.problems_in_iteration} sampled problems; hardest bucket ${num(d.hardest_bucket)}.`),
      h('table', {id: 'problems'}, h('tr', {}, ['problem', 'bucket', 'samples', 'correct (round 0)', 'correct (all rounds)',
        'accepted'].map(t => h('th', {}, t))),
      d.problems.map(p => h('tr', {}, h('td', {}, link(`#/history/${enc(id)}/${enc(p.problemId)}`, p.problemId)),
        h('td', {class: 'num'}, p.difficultyBucket), h('td', {class: 'num'}, p.samples),
        h('td', {class: 'num'}, p.roundZeroCorrect), h('td', {class: 'num'}, p.correctAllRounds),
        h('td', {class: 'num'}, p.accepted)))));
  }, 5000);
}

function sampleIdOf(event) {
  return event && (event.sampleId || event.sample_id) || null;
}

function historyView(id, problem) {
  poll(() => api(`history?experiment=${enc(id)}&problem=${enc(problem)}`), d => {
    view.replaceChildren(h('h1', {}, `Problem ${problem}`), h('p', {}, 'experiment ', link(`#/experiment/${enc(id)}`, id)),
      h('table', {id: 'history'}, h('tr', {}, ['#', 'written', 'type', 'summary', 'sample'].map(t => h('th', {}, t))),
        d.events.map(e => {
          const sample = sampleIdOf(e.event);
          return h('tr', {'data-type': e.type}, h('td', {class: 'num'}, e.sequence_nr), h('td', {}, e.written_at),
            h('td', {}, e.type), h('td', {}, e.summary),
            h('td', {}, sample ? link(`#/audit/${enc(sample)}`, 'audit') : ''));
        })));
  }, 0);
}

function auditView(sample) {
  poll(() => api(`audit?sample=${enc(sample)}`), a => {
    view.replaceChildren(h('h1', {}, 'Sample ', a.sample_id),
      h('p', {}, h('span', {class: 'decision decision-' + String(a.decision).toLowerCase(), id: 'decision'}, a.decision),
        ` · policy ${a.policy_version || '-'} · problem `, link(`#/history/${enc(a.experiment)}/${enc(a.problem_id)}`, a.problem_id),
        ` · iteration ${a.iteration}, round ${a.round}, index ${a.index}`),
      h('h2', {}, 'Rules'), h('table', {id: 'reasons'}, h('tr', {}, h('th', {}, 'rule'), h('th', {}, 'detail')),
        (a.reasons || []).map(r => h('tr', {}, h('td', {class: 'rule'}, r.rule), h('td', {}, r.words || r.detail || '')))),
      h('h2', {}, 'Why'), h('ul', {}, (a.explanation || []).map(line => h('li', {}, line))),
      h('h2', {}, 'Hints'), h('pre', {}, JSON.stringify(a.hints, null, 1)),
      h('h2', {}, 'Sampling, model and grading'), h('pre', {}, JSON.stringify({sampling: a.sampling, model: a.model,
        grading: a.grading, corrections: a.corrections, training: a.training}, null, 1)),
      h('h2', {}, 'Problem'), h('pre', {}, JSON.stringify(a.problem, null, 1)));
  }, 0);
}

function exportView(id, iteration, format) {
  poll(() => api(`export?experiment=${enc(id)}&iteration=${iteration}&format=${enc(format)}`), d => {
    view.replaceChildren(h('h1', {}, `${id}: training records of iteration ${iteration} (${d.format})`),
      h('p', {}, `${d.records.length} records from ${d.problems} problems, as lyceum export writes them.`),
      h('table', {id: 'records'}, d.records.map(r => {
        const ids = [r.sample_id, r.chosen_sample_id, r.rejected_sample_id].filter(Boolean);
        return h('tr', {}, h('td', {}, ids.map(s => h('div', {}, link(`#/audit/${enc(s)}`, s)))),
          h('td', {}, h('pre', {}, JSON.stringify(r, null, 1))));
      })));
  }, 0);
}

function diffView(a, b) {
  view.replaceChildren(h('h1', {}, `${a} against ${b}`), h('p', {}, 'recomputing both from their journals…'));
  poll(() => api(`diff?a=${enc(a)}&b=${enc(b)}`), d => {
    view.replaceChildren(h('h1', {}, `${d.experiment_a} (A) against ${d.experiment_b} (B)`), h('p', {}, 'delta = B - A'),
      d.iterations.map(it => [h('h2', {}, `Iteration ${it.iteration}` + (it.present_in === 'both' ? '' : ` (only in ${it.present_in})`)),
        h('table', {class: 'diff'}, h('tr', {}, ['metric', 'A', 'B', 'delta'].map(t => h('th', {}, t))),
          it.metrics.map(f => h('tr', {}, h('td', {}, f.metric), h('td', {class: 'num'}, num(f.a)),
            h('td', {class: 'num'}, num(f.b)), h('td', {class: 'num'}, num(f.delta)))))]));
  }, 0);
}

function route() {
  timers.forEach(clearInterval); // clears the retries' timeouts too: one pool of ids
  timers = [];
  generation++;
  showError('');
  const parts = location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  const [page, ...args] = parts;
  if (page === 'experiment' && args[0]) experimentView(args[0]);
  else if (page === 'problems' && args.length >= 3) problemsView(args[0], args[1], args[2]);
  else if (page === 'history' && args.length >= 2) historyView(args[0], args.slice(1).join('/'));
  else if (page === 'audit' && args[0]) auditView(args[0]);
  else if (page === 'export' && args.length >= 3) exportView(args[0], args[1], args[2]);
  else if (page === 'diff' && args.length >= 2) diffView(args[0], args[1]);
  else if (SAVED && SAVED.start) { location.hash = SAVED.start; }
  else experimentsView();
}
window.addEventListener('hashchange', route);
route();
