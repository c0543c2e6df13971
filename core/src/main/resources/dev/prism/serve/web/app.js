'use strict';
// Prism viewer: one page, hash routes (#/, #/run/ID, #/map/ID, #/study/ID, #/compare/A/B), no libraries.

const app = document.getElementById('app');
const tip = document.getElementById('tip');
let timers = [];
window.prismViews = [];

function h(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (v !== null && v !== undefined && v !== false) e.setAttribute(k, v === true ? '' : v);
  }
  for (const k of kids.flat(Infinity)) if (k !== null && k !== undefined) e.append(k instanceof Node ? k : String(k));
  return e;
}
function svg(tag, attrs, ...kids) {
  const e = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  for (const k of kids.flat()) if (k !== null && k !== undefined) e.append(k instanceof Node ? k : String(k));
  return e;
}
async function api(path) {
  const r = await fetch(path, { credentials: 'same-origin' });
  if (!r.ok) throw new Error(path + ' answered ' + r.status);
  return r.json();
}
const num = (v, d = 2) => (typeof v === 'number' && isFinite(v) ? v.toFixed(d) : '');
const enc = encodeURIComponent;
const link = (kind, id) => '#/' + kind + '/' + enc(id);
const fileUrl = id => '/files/' + id.split('/').map(enc).join('/');
const mean = a => a.reduce((s, x) => s + x, 0) / a.length;
const sd = a => a.length < 2 ? 0 : Math.sqrt(a.reduce((s, x) => s + (x - mean(a)) ** 2, 0) / (a.length - 1));
function crumbs(text) { document.getElementById('crumbs').textContent = text || ''; }
function showTip(ev, content) {
  tip.replaceChildren(content); tip.hidden = false;
  tip.style.left = (ev.clientX + 14) + 'px'; tip.style.top = (ev.clientY + 14) + 'px';
}
function hideTip() { tip.hidden = true; }

async function route() {
  timers.forEach(clearInterval); timers = []; window.prismViews = []; hideTip();
  const hash = location.hash.replace(/^#\/?/, '');
  const [page, ...rest] = hash.split('/');
  try {
    if (page === 'run') await runPage(decodeURIComponent(rest.join('/')));
    else if (page === 'map') await mapPage(decodeURIComponent(rest.join('/')));
    else if (page === 'study') await studyPage(decodeURIComponent(rest.join('/')));
    else if (page === 'compare') await comparePage(decodeURIComponent(rest[0]), decodeURIComponent(rest[1]));
    else await runsPage();
  } catch (e) {
    app.replaceChildren(h('p', { class: 'bad' }, String(e.message || e)));
  }
}
window.addEventListener('hashchange', route);
window.addEventListener('load', route);

// ---- the runs table ----
const COLUMNS = [
  ['state', 'state'], ['kind', 'kind'], ['name', 'folder'], ['model', 'model'], ['scene', 'scene'], ['split', 'split'],
  ['seed', 'seed'], ['oa', 'OA'], ['aa', 'AA'], ['kappa', 'Kappa'], ['epochs', 'epochs'], ['seconds', 'time (s)'],
  ['date', 'date'], ['commit', 'commit'], ['cpu', 'CPU']];
let sortKey = 'date', sortUp = false, filterText = '';

async function runsPage() {
  crumbs('runs, maps and studies');
  const runs = await api('/api/runs');
  const input = h('input', { type: 'search', placeholder: 'filter (model, scene, split, folder...)', value: filterText, id: 'filter' });
  const body = h('tbody');
  const picked = new Set();
  const compare = h('button', { disabled: true, onclick: () => { const [a, b] = [...picked]; location.hash = '#/compare/' + enc(a) + '/' + enc(b); } },
    'compare two maps side by side');
  const head = h('tr', {}, COLUMNS.map(([k, label]) => h('th', { 'data-key': k, onclick: () => {
    sortUp = sortKey === k ? !sortUp : true; sortKey = k; fill(); } }, label)), h('th', {}, 'compare'));
  function cell(r, k) {
    const v = r[k];
    if (k === 'name') return h('td', {}, h('a', { href: link(r.kind === 'cv' ? 'run' : r.kind, r.id) }, v));
    if (k === 'state') return h('td', { class: 'state-' + v }, v + (v === 'running' && r.epochs ? ' ' + r.epochsDone + '/' + r.epochs : ''));
    if (k === 'commit') return h('td', {}, v ? String(v).slice(0, 7) : '');
    if (k === 'date') return h('td', {}, v ? String(v).slice(0, 16).replace('T', ' ') : '');
    if (k === 'cpu') return h('td', { title: v || '' }, v ? String(v).replace(/,.*$/, '') : '');
    if (['oa', 'aa', 'kappa'].includes(k)) return h('td', { class: 'num' }, num(v));
    if (k === 'seconds') return h('td', { class: 'num' }, num(v, 0));
    return h('td', {}, v === undefined ? '' : v);
  }
  function fill() {
    const words = filterText.toLowerCase().split(/\s+/).filter(Boolean);
    const rows = runs.filter(r => words.every(w => COLUMNS.some(([k]) => String(r[k] ?? '').toLowerCase().includes(w))));
    rows.sort((a, b) => {
      const x = a[sortKey], y = b[sortKey];
      const c = x === undefined ? 1 : y === undefined ? -1 : typeof x === 'number' ? x - y : String(x).localeCompare(String(y));
      return sortUp ? c : -c;
    });
    body.replaceChildren(...rows.map(r => h('tr', { 'data-id': r.id }, COLUMNS.map(([k]) => cell(r, k)),
      h('td', {}, (r.kind === 'map' || r.kind === 'run' || r.kind === 'cv') ? h('input', { type: 'checkbox', checked: picked.has(r.id), onchange: ev => {
        ev.target.checked ? picked.add(r.id) : picked.delete(r.id);
        compare.disabled = picked.size !== 2; } }) : ''))));
    document.getElementById('count').textContent = rows.length + ' of ' + runs.length;
  }
  input.addEventListener('input', () => { filterText = input.value; fill(); });
  app.replaceChildren(h('h1', {}, 'Runs, maps and studies'), h('div', {}, input, ' ', h('span', { id: 'count', class: 'muted' }), ' ', compare),
    h('table', { id: 'runs' }, h('thead', {}, head), body));
  fill();
}

// ---- a run ----
async function runPage(id) {
  crumbs(id);
  let d = await api('/api/run?id=' + enc(id));
  const status = h('p', { id: 'status' });
  const curves = h('div', { id: 'curves' });
  function update() {
    const s = d.summary;
    const done = d.curves.length;
    const total = s.epochs || (d.config.train && d.config.train.epochs);
    status.className = 'state-' + s.state;
    status.textContent = s.state === 'running' ? 'training: epoch ' + done + (total ? ' of ' + total : '') + ' (this page follows it)'
      : s.state === 'failed' ? 'failed: ' + (d.failure || '') : s.state === 'stopped' ? 'stopped after ' + done + ' epochs (resumable)' : 'finished';
    curves.replaceChildren(curveChart(d.curves));
  }
  const s = d.summary, r = d.results, t = r.test || {};
  const scene = s.scene || (d.config.cube ? String(d.config.cube).split('/').pop().replace(/:.*$/, '') : '');
  const parts = [h('h1', {}, (s.model || '') + ' on ' + scene + ' ', h('span', { class: 'muted' }, s.split ? '(' + s.split + ', seed ' + s.seed + ')' : '')), status];
  parts.push(h('div', { class: 'cards' },
    card('OA', num(t.oa ?? t.accuracy), 'oa'), card('AA', num(t.aa), 'aa'), card('Kappa', num(t.kappa), 'kappa'),
    card('test pixels', t.samples ?? r.testPixels ?? ''), card('training time', r.trainSeconds ? num(r.trainSeconds, 0) + ' s' : ''),
    card('parameters', r.params ? r.params.toLocaleString('en') : '')));
  if (d.folds.length) parts.push(h('p', {}, 'Folds: ', d.folds.map((f, i) => [h('a', { href: link('run', f) }, 'fold ' + (i + 1)), ' '])));
  parts.push(h('h2', {}, 'Training and validation curves'), curves);
  if (d.hasMap) {
    parts.push(h('h2', {}, 'Classification map'));
    const box = h('div', { class: 'mapbox' });
    parts.push(box);
    mapWithLegend(box, id);
  }
  if (t.perClass) parts.push(h('h2', {}, 'Per class'), perClass(t.perClass));
  if (d.confusion.rows) parts.push(h('h2', {}, 'Confusion matrix (rows: truth, shaded by share of the row)'), confusion(d.confusion, t.perClass));
  parts.push(pictures(d.pictures), texts(d.texts));
  parts.push(h('h2', {}, 'Config'), h('pre', {}, JSON.stringify(d.config, null, 2)));
  parts.push(h('h2', {}, 'Provenance'), h('pre', {}, JSON.stringify(d.provenance, null, 2)));
  app.replaceChildren(...parts);
  update();
  if (s.state === 'running') {
    const timer = setInterval(async () => {
      try {
        d = await api('/api/run?id=' + enc(id));
        update();
        if (d.summary.state !== 'running') { clearInterval(timer); }
      } catch (e) { /* the next poll tries again */ }
    }, 1500);
    timers.push(timer);
  }
}
function card(label, value, key) { return h('div', { class: 'card', 'data-metric': key || label }, label, h('b', {}, value)); }
function pictures(ids) {
  return ids.length ? h('div', {}, h('h2', {}, 'Pictures'), h('div', { class: 'pics' }, ids.map(i => h('a', { href: fileUrl(i), target: '_blank' },
    h('img', { src: fileUrl(i), alt: i.split('/').pop(), loading: 'lazy' }))))) : '';
}
function texts(ids) {
  return ids.length ? h('p', {}, 'Files: ', ids.map(i => [h('a', { href: fileUrl(i), target: '_blank' }, i.split('/').pop()), ' '])) : '';
}
function perClass(rows) {
  return h('table', { id: 'per-class' }, h('tr', {}, ['class', 'name', 'test pixels', 'precision', 'recall', 'F1'].map(x => h('th', {}, x))),
    rows.map(c => h('tr', {}, h('td', {}, c.label), h('td', {}, c.name), h('td', { class: 'num' }, c.support),
      h('td', { class: 'num' }, num(c.precision)), h('td', { class: 'num' }, num(c.recall)), h('td', { class: 'num' }, num(c.f1)))));
}
function confusion(m, names) {
  const head = h('tr', {}, h('th', {}, 'truth \\ predicted'), m.labels.map(l => h('th', {}, l)));
  return h('table', { id: 'confusion' }, head, m.rows.map((row, i) => {
    const total = row.reduce((a, b) => a + b, 0) || 1;
    return h('tr', {}, h('th', { title: names && names[i] ? names[i].name : '' }, m.labels[i]), row.map((v, j) => h('td', {
      class: 'num', title: (names && names[i] ? names[i].name : m.labels[i]) + ' as ' + (names && names[j] ? names[j].name : m.labels[j]) + ': ' + v,
      style: 'background: rgba(' + (i === j ? '46,125,50' : '198,40,40') + ',' + (v / total).toFixed(3) + ')' }, v)));
  }));
}

// curves: loss and accuracy per epoch, train and validation, hover a point for its value
function curveChart(points) {
  const wrap = h('div', { class: 'cards' });
  const panels = [['loss', ['trainLoss', 'valLoss']], ['accuracy (%)', ['trainAccuracy', 'valAccuracy']]];
  for (const [title, keys] of panels) {
    const W = 420, H = 220, L = 46, B = 28, T = 18, R = 10;
    const vals = points.flatMap(p => keys.map(k => p[k])).filter(v => typeof v === 'number' && isFinite(v));
    const e = svg('svg', { width: W, height: H, class: 'curve', 'data-points': points.length, 'data-title': title });
    e.append(svg('text', { x: L, y: 12 }, title));
    if (!vals.length) { e.append(svg('text', { x: L, y: H / 2 }, 'no epoch yet')); wrap.append(e); continue; }
    let lo = Math.min(...vals), hi = Math.max(...vals);
    if (hi === lo) { hi += 1; lo -= 1; }
    const n = Math.max(points.length, 2);
    const x = i => L + (W - L - R) * (i / (n - 1));
    const y = v => T + (H - T - B) * (1 - (v - lo) / (hi - lo));
    e.append(svg('line', { x1: L, y1: H - B, x2: W - R, y2: H - B, stroke: '#999' }), svg('line', { x1: L, y1: T, x2: L, y2: H - B, stroke: '#999' }));
    e.append(svg('text', { x: 2, y: T + 4 }, num(hi, 3)), svg('text', { x: 2, y: H - B }, num(lo, 3)), svg('text', { x: W - 60, y: H - 6 }, 'epoch ' + points.length));
    keys.forEach((k, ki) => {
      const colour = ki === 0 ? '#1565c0' : '#ef6c00';
      const pts = points.map((p, i) => [i, p[k]]).filter(([, v]) => typeof v === 'number' && isFinite(v));
      if (!pts.length) return;
      e.append(svg('polyline', { fill: 'none', stroke: colour, 'stroke-width': 1.6, points: pts.map(([i, v]) => x(i) + ',' + y(v)).join(' ') }));
      for (const [i, v] of pts) {
        const c = svg('circle', { cx: x(i), cy: y(v), r: 3.5, fill: colour, class: 'pt' });
        c.addEventListener('mousemove', ev => showTip(ev, h('span', {}, 'epoch ' + points[i].epoch + ': ' + (ki === 0 ? 'training' : 'validation') + ' ' + num(v, 4))));
        c.addEventListener('mouseleave', hideTip);
        e.append(c);
      }
      e.append(svg('text', { x: L + 110 + 70 * ki, y: 12, fill: colour }, ki === 0 ? 'training' : 'validation'));
    });
    wrap.append(e);
  }
  return wrap;
}

// ---- maps ----
async function mapPage(id) {
  crumbs(id);
  const d = await api('/api/run?id=' + enc(id));
  const box = h('div', { class: 'mapbox' });
  app.replaceChildren(h('h1', {}, 'Map of ' + (d.summary.scene || id) + ' ', h('span', { class: 'muted' }, (d.summary.rows || '') + ' x ' + (d.summary.cols || '') + ' pixels')),
    h('p', { id: 'status', class: 'state-' + d.summary.state }, d.summary.state), box, pictures(d.pictures), texts(d.texts),
    h('h2', {}, 'Provenance'), h('pre', {}, JSON.stringify(d.provenance, null, 2)));
  if (d.hasMap) await mapWithLegend(box, id);
}
async function mapWithLegend(box, id, size) {
  const meta = await api('/api/map?id=' + enc(id));
  const view = new MapView(id, meta, size || [640, 480]);
  const legend = h('div', { class: 'legend' }, h('b', {}, 'Classes'), meta.classes.map(c => h('div', {}, h('span', { class: 'sw', style: 'background:' + c.colour }),
    c.name + (c.pixels !== undefined ? ' (' + c.pixels.toLocaleString('en') + ' pixels)' : ''))));
  box.append(h('div', {}, view.controls, view.el, view.info), legend);
  return view;
}
async function comparePage(a, b) {
  crumbs('compare');
  const box = h('div', { class: 'mapbox' });
  app.replaceChildren(h('h1', {}, 'Two maps, zoom and pan together'), h('p', {}, h('a', { href: link('run', a) }, a), '  |  ', h('a', { href: link('run', b) }, b)), box);
  const left = h('div'), right = h('div');
  box.append(left, right);
  const [va, vb] = await Promise.all([mapWithLegend(left, a, [480, 420]), mapWithLegend(right, b, [480, 420])]);
  va.onView = v => vb.setView(v.scale, v.ox, v.oy);
  vb.onView = v => va.setView(v.scale, v.ox, v.oy);
}

class MapView {
  constructor(id, meta, [w, hgt]) {
    this.id = id; this.meta = meta; this.layer = 'predicted'; this.cache = new Map(); this.onView = null;
    this.canvas = h('canvas', { width: w, height: hgt, 'data-map': id });
    this.el = h('div', { class: 'mapview' }, this.canvas);
    this.info = h('div', { class: 'pixel-info', 'data-row': '', 'data-col': '' }, h('span', { class: 'muted' }, 'hover the map for a pixel\'s class'));
    this.controls = h('div', { class: 'controls' }, meta.layers.map(l => h('label', {}, h('input', { type: 'radio', name: 'layer-' + id, value: l,
      checked: l === 'predicted', onchange: () => { this.layer = l; this.draw(); } }), ' ' + l)),
      h('button', { onclick: () => this.fit() }, 'fit'), h('span', { class: 'muted' }, ' wheel: zoom, drag: pan'));
    this.fit();
    this.bind();
    window.prismViews.push(this);
  }
  fit() {
    const c = this.canvas, m = this.meta;
    const scale = Math.min(c.width / m.cols, c.height / m.rows);
    this.setView(scale, (c.width - m.cols * scale) / 2, (c.height - m.rows * scale) / 2, true);
  }
  setView(scale, ox, oy, tell) {
    this.scale = scale; this.ox = ox; this.oy = oy; this.draw();
    if (tell && this.onView) this.onView(this);
  }
  // canvas coordinates of the centre of pixel (r, c): for tests and synchronised views
  screenOf(r, c) { return { x: this.ox + (c + 0.5) * this.scale, y: this.oy + (r + 0.5) * this.scale }; }
  pixelAt(x, y) { return { r: Math.floor((y - this.oy) / this.scale), c: Math.floor((x - this.ox) / this.scale) }; }
  draw() {
    const g = this.canvas.getContext('2d'), m = this.meta;
    g.clearRect(0, 0, this.canvas.width, this.canvas.height);
    g.imageSmoothingEnabled = false;
    const z = Math.max(0, Math.min(m.maxZoom, Math.floor(Math.log2(1 / this.scale))));
    const span = m.tile * 2 ** z;
    const tx0 = Math.max(0, Math.floor(-this.ox / this.scale / span)), ty0 = Math.max(0, Math.floor(-this.oy / this.scale / span));
    const tx1 = Math.min(Math.ceil(m.cols / span) - 1, Math.floor((this.canvas.width - this.ox) / this.scale / span));
    const ty1 = Math.min(Math.ceil(m.rows / span) - 1, Math.floor((this.canvas.height - this.oy) / this.scale / span));
    for (let ty = ty0; ty <= ty1; ty++) for (let tx = tx0; tx <= tx1; tx++) {
      const img = this.tile(z, tx, ty);
      if (img.complete && img.naturalWidth) {
        g.drawImage(img, this.ox + tx * span * this.scale, this.oy + ty * span * this.scale, img.naturalWidth * 2 ** z * this.scale, img.naturalHeight * 2 ** z * this.scale);
      }
    }
  }
  tile(z, x, y) {
    const key = this.layer + '/' + z + '/' + x + '/' + y;
    let img = this.cache.get(key);
    if (!img) {
      img = new Image();
      img.onload = () => this.draw();
      img.src = '/api/tile?id=' + enc(this.id) + '&layer=' + this.layer + '&z=' + z + '&x=' + x + '&y=' + y;
      this.cache.set(key, img);
      if (this.cache.size > 400) this.cache.delete(this.cache.keys().next().value);
    }
    return img;
  }
  bind() {
    const c = this.canvas;
    let drag = null, pending = null;
    c.addEventListener('wheel', ev => {
      ev.preventDefault();
      const f = ev.deltaY < 0 ? 1.25 : 0.8, x = ev.offsetX, y = ev.offsetY;
      const scale = Math.max(0.01, Math.min(64, this.scale * f)), k = scale / this.scale;
      this.setView(scale, x - (x - this.ox) * k, y - (y - this.oy) * k, true);
    }, { passive: false });
    c.addEventListener('mousedown', ev => { drag = { x: ev.clientX, y: ev.clientY, ox: this.ox, oy: this.oy }; });
    window.addEventListener('mouseup', () => { drag = null; });
    c.addEventListener('mouseleave', () => { hideTip(); });
    c.addEventListener('mousemove', ev => {
      if (drag) { this.setView(this.scale, drag.ox + ev.clientX - drag.x, drag.oy + ev.clientY - drag.y, true); return; }
      const { r, c: col } = this.pixelAt(ev.offsetX, ev.offsetY);
      if (r < 0 || col < 0 || r >= this.meta.rows || col >= this.meta.cols) { hideTip(); return; }
      clearTimeout(pending);
      pending = setTimeout(() => this.hover(ev, r, col), 40);
    });
  }
  async hover(ev, r, c) {
    const p = await api('/api/pixel?id=' + enc(this.id) + '&r=' + r + '&c=' + c);
    const lines = [h('div', {}, 'row ' + r + ', column ' + c), h('div', {}, h('b', {}, 'predicted: '), h('span', { class: 'predicted-name' }, p.predictedName))];
    if (p.truthName !== undefined) lines.push(h('div', {}, h('b', {}, 'truth: '), p.truthName));
    if (p.confidence !== undefined) lines.push(h('div', {}, h('b', {}, 'confidence: '), num(p.confidence, 3)));
    if (p.spectrum) lines.push(spectrumChart(p.spectrum, p.spectrumKind));
    const box = h('div', {}, lines);
    showTip(ev, box);
    this.info.setAttribute('data-row', r); this.info.setAttribute('data-col', c); this.info.setAttribute('data-class', p.predictedName);
    this.info.replaceChildren(h('span', {}, 'row ' + r + ', column ' + c + ': ' + p.predictedName + (p.truthName !== undefined ? ' (truth: ' + p.truthName + ')' : '')
      + (p.confidence !== undefined ? ', confidence ' + num(p.confidence, 3) : '')));
  }
}
function spectrumChart(values, kind) {
  const W = 220, H = 80, lo = Math.min(...values), hi = Math.max(...values) || 1;
  const pts = values.map((v, i) => (i * (W - 4) / Math.max(1, values.length - 1) + 2) + ',' + (H - 4 - (H - 8) * (v - lo) / ((hi - lo) || 1))).join(' ');
  return h('div', {}, h('div', { class: 'muted' }, kind + ' (' + values.length + ')'),
    svg('svg', { width: W, height: H, class: 'spectrum' }, svg('polyline', { points: pts, fill: 'none', stroke: '#37474f', 'stroke-width': 1.2 })));
}

// ---- a study ----
async function studyPage(id) {
  crumbs(id);
  const d = await api('/api/study?id=' + enc(id));
  const arms = d.arms;
  const rows = arms.map(a => {
    const cmp = (a.versusBaseline || []).find(c => c.metric === 'OA');
    return h('tr', {}, h('td', {}, a.label), h('td', { class: 'num' }, a.runs), h('td', { class: 'num' }, a.oa.length ? num(mean(a.oa)) + ' ± ' + num(sd(a.oa)) : (a.impossible || '')),
      h('td', { class: 'num' }, a.aa.length ? num(mean(a.aa)) : ''), h('td', { class: 'num' }, a.kappa.length ? num(mean(a.kappa)) : ''), h('td', {}, a.baseline || ''),
      h('td', { class: 'num' }, cmp ? num(cmp.meanDifference) + ' [' + num(cmp.ciLow) + ', ' + num(cmp.ciHigh) + ']' : ''),
      h('td', { class: 'num' }, cmp ? num(cmp.pairedTP, 4) : ''), h('td', { class: 'num' }, cmp ? num(cmp.wilcoxonP, 4) : ''),
      h('td', { class: 'num' }, cmp && cmp.wilcoxonHolmP !== undefined ? num(cmp.wilcoxonHolmP, 4) : ''));
  });
  const table = h('table', { id: 'arms' }, h('tr', {}, ['arm', 'runs', 'OA mean ± sd', 'AA', 'Kappa', 'baseline', 'OA difference [95% CI]',
    'paired t p', 'Wilcoxon p', 'Wilcoxon p (Holm)'].map(x => h('th', {}, x))), rows);
  const runs = h('table', { id: 'study-runs' }, h('tr', {}, ['run', 'state', 'model', 'split', 'seed', 'OA'].map(x => h('th', {}, x))),
    d.runs.map(r => h('tr', {}, h('td', {}, h('a', { href: link('run', r.id) }, r.id.slice(id.length + 1))), h('td', { class: 'state-' + r.state }, r.state),
      h('td', {}, r.model || ''), h('td', {}, r.split || ''), h('td', {}, r.seed ?? ''), h('td', { class: 'num' }, num(r.oa)))));
  const splits = [...new Set(arms.map(a => a.split))];
  app.replaceChildren(h('h1', {}, 'Study ' + d.summary.name), table, h('h2', {}, 'OA of every run, per arm (box: quartiles; whiskers: the runs\' range)'),
    h('div', { class: 'cards' }, splits.map(s => h('div', {}, h('b', {}, s + ' split'), boxPlot(arms.filter(a => a.split === s))))), texts(d.texts), pictures(d.pictures), h('h2', {}, 'Runs (' + d.runs.length + ')'), runs);
}
function quantile(s, q) { const i = (s.length - 1) * q, lo = Math.floor(i); return s[lo] + (s[Math.ceil(i)] - s[lo]) * (i - lo); }
function boxPlot(arms) {
  const shown = arms.filter(a => a.oa.length);
  const W = Math.max(360, 90 * shown.length + 60), H = 260, L = 48, B = 70, T = 10;
  const all = shown.flatMap(a => a.oa);
  const e = svg('svg', { width: W, height: H, class: 'box-plot' });
  if (!all.length) return e;
  let lo = Math.min(...all), hi = Math.max(...all); if (hi === lo) { hi += 1; lo -= 1; }
  const y = v => T + (H - T - B) * (1 - (v - lo) / (hi - lo));
  e.append(svg('text', { x: 2, y: T + 8 }, num(hi)), svg('text', { x: 2, y: H - B }, num(lo)));
  shown.forEach((a, i) => {
    const s = [...a.oa].sort((p, q) => p - q), cx = L + 90 * i + 45;
    const q1 = quantile(s, 0.25), med = quantile(s, 0.5), q3 = quantile(s, 0.75);
    e.append(svg('line', { x1: cx, x2: cx, y1: y(s[0]), y2: y(s[s.length - 1]), stroke: '#555' }));
    e.append(svg('rect', { x: cx - 20, width: 40, y: y(q3), height: Math.max(1, y(q1) - y(q3)), fill: '#bbdefb', stroke: '#1565c0' }));
    e.append(svg('line', { x1: cx - 20, x2: cx + 20, y1: y(med), y2: y(med), stroke: '#0d47a1', 'stroke-width': 2 }));
    s.forEach((v, j) => {
      const c = svg('circle', { cx: cx - 12 + 24 * (j + 0.5) / s.length, cy: y(v), r: 3, fill: '#e65100', class: 'run-point' });
      c.addEventListener('mousemove', ev => showTip(ev, h('span', {}, a.label + ': ' + num(v))));
      c.addEventListener('mouseleave', hideTip);
      e.append(c);
    });
    e.append(svg('text', { x: cx - 40, y: H - B + 16, transform: 'rotate(20 ' + (cx - 40) + ' ' + (H - B + 16) + ')' }, a.label));
  });
  return e;
}
