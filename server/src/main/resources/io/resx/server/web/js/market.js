// Market view: instruments grouped by domain and unit; the chosen book's ladder, depth chart, last price and
// recent trades, kept live by the WebSocket (REST gives the first picture). Time: the tree shows, by default, the
// slots of a window around the exchange's time (WINDOW_BEFORE_MS before to WINDOW_AFTER_MS after), ended and closed
// slots marked as such; "all times" shows every slot the API still knows.
import { api } from './api.js';
import { live } from './live.js';
import { $, el, td, fillBody, level, num, decimalDiff, fixed, decimals, timeOf, sideClass, showError } from './util.js';
import { drawDepth } from './depthchart.js';
import { drawCandles, drawForward } from './pricechart.js';

const DEPTH = 10;
const KEEP_TRADES = 200;
const DOMAINS = ['SPECTRUM', 'COMPUTE', 'ENERGY'];
const WINDOW_BEFORE_MS = 3 * 3600_000;
const WINDOW_AFTER_MS = 24 * 3600_000;
export const market = { instruments: [], bySymbol: new Map(), symbol: null, listeners: [], pickers: [], now: Date.now(), nowAt: Date.now() };

/** The exchange time now: the last one the API told, moved on by the browser's clock since. */
export const exchangeNow = () => market.now + (Date.now() - market.nowAt);

/** Whether an instrument takes orders now (the API's state: TRADING, CLOSED or EXPIRED). */
export const tradable = (i) => !i || !i.state || i.state === 'TRADING';
const stateLabel = (i) => (i.state === 'EXPIRED' ? 'ended' : i.state === 'CLOSED' ? 'closed' : '');
/** Whether a slot overlaps the window around the exchange time (an ownership always does). */
function inWindow(i) {
  if (!i.slotStart) return true;
  return Date.parse(i.slotEnd) > market.now - WINDOW_BEFORE_MS && Date.parse(i.slotStart) < market.now + WINDOW_AFTER_MS;
}
let book = { bids: [], asks: [] };
let trades = [];

export function unitOf(symbol) { const i = symbol.indexOf('@'); return i < 0 ? symbol : symbol.slice(0, i); }

/** @param quiet true for the periodic refresh of states: the other views' listeners are not told. */
export async function loadInstruments(quiet = false) {
  try {
    const [list, time] = await Promise.all([api.instruments(), api.time().catch(() => null)]);
    market.instruments = list;
    if (time && time.now) { market.now = Date.parse(time.now); market.nowAt = Date.now(); }
  } catch (e) {
    $('instrument-tree').replaceChildren(el('p', { class: 'notice warn', id: 'market-locked',
      text: e.status === 401 ? 'Market data needs an API key: log in (top right).' : `Instruments unavailable: ${e.describe ? e.describe() : e}` }));
    return;
  }
  market.bySymbol = new Map(market.instruments.map((i) => [i.symbol, i]));
  $('symbol-list').replaceChildren(...market.instruments.filter(tradable).map((i) => el('option', { value: i.symbol })));
  $('exchange-time').textContent = new Date(market.now).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
  renderTree($('instrument-filter').value);
  showState();
  const chosen = market.symbol && document.querySelector(`#instrument-tree button.sym[aria-pressed="true"]`);
  if (chosen) chosen.closest('details.unit').open = true;
  if (!quiet) for (const fn of market.listeners) fn();
}

function renderTree(filter) {
  const f = filter.trim().toUpperCase();
  const all = $('instrument-all').checked;
  const tree = $('instrument-tree');
  const opened = new Set([...tree.querySelectorAll('details.unit[open]')].map((d) => d.dataset.unit));
  const groups = [];
  for (const domain of DOMAINS) {
    const units = new Map();
    for (const i of market.instruments) {
      if (i.domain !== domain || (f && !i.symbol.toUpperCase().includes(f)) || (!all && !inWindow(i))) continue;
      const unit = unitOf(i.symbol);
      if (!units.has(unit)) units.set(unit, []);
      units.get(unit).push(i);
    }
    if (!units.size) continue;
    const unitNodes = [];
    for (const [unit, list] of units) {
      const own = list.find((i) => i.symbol === unit);
      const slots = list.filter((i) => i.symbol !== unit);
      unitNodes.push(el('details', { class: 'unit', 'data-unit': unit, open: (f && slots.length) || opened.has(unit) ? true : undefined },
        el('summary', {}, unit, slots.length ? el('span', { class: 'count', text: `${slots.length} ${domain === 'ENERGY' ? 'intervals' : 'slots'}` }) : null),
        own ? symButton(own, 'ownership') : null,
        slots.map((i) => symButton(i, i.symbol.slice(unit.length + 1)))));
    }
    groups.push(el('details', { class: 'domain', open: true, 'data-domain': domain },
      el('summary', {}, domain, el('span', { class: 'count', text: `${units.size} units` })), unitNodes));
  }
  tree.replaceChildren(...(groups.length ? groups : [el('p', { class: 'muted', text: 'No instrument matches.' })]));
}

function symButton(instrument, label) {
  const symbol = instrument.symbol;
  const ended = stateLabel(instrument);
  const title = `${symbol}${instrument.closesAt ? `, trading until ${instrument.closesAt}` : ''}${ended ? ` (${ended})` : ''}`;
  return el('button', { type: 'button', class: `sym${ended ? ` ${ended}` : ''}`, 'data-symbol': symbol,
    'data-state': instrument.state, title, 'aria-pressed': String(symbol === market.symbol),
    onclick: () => selectSymbol(symbol) }, label, ended ? el('span', { class: 'state', text: ended }) : null);
}

/** The chosen book's state and gate closure, in the book head. */
function showState() {
  const info = market.symbol ? market.bySymbol.get(market.symbol) : undefined;
  const state = $('book-state');
  state.textContent = info ? (info.state ?? 'TRADING') : '—';
  state.dataset.state = info ? (info.state ?? 'TRADING') : '';
  state.title = info && info.closesAt ? `gate closure ${info.closesAt}` : '';
  $('book-closes').textContent = info && info.closesAt ? `${timeOf(info.closesAt).slice(0, 5)} UTC` : '—';
}

/** The first instrument that can still be traded: the market view opens on it when no ?symbol= names one. */
export function firstTradable() {
  const i = market.instruments.find((x) => tradable(x) && inWindow(x));
  return i ? i.symbol : (market.instruments[0] && market.instruments[0].symbol);
}

export async function selectSymbol(symbol) {
  if (market.symbol === symbol) return;
  if (market.symbol) {
    live.unsubscribe({ op: 'subscribe', channel: 'book', symbol: market.symbol });
    live.unsubscribe({ op: 'subscribe', channel: 'trades', symbol: market.symbol });
  }
  market.symbol = symbol;
  for (const b of document.querySelectorAll('#instrument-tree button.sym')) {
    b.setAttribute('aria-pressed', String(b.dataset.symbol === symbol));
    if (b.dataset.symbol === symbol) b.closest('details.unit').open = true;
  }
  const info = market.bySymbol.get(symbol);
  $('book-symbol').textContent = symbol;
  $('book-ticklot').textContent = info ? `${info.tick} / ${info.lot}` : '—';
  showState();
  book = { bids: [], asks: [] };
  trades = [];
  $('last-price').textContent = '—';
  renderBook();
  renderTrades();
  chart.mode = chart.mode === 'forward' && !isLease(info) ? '1m' : chart.mode;
  $('chart-forward').hidden = !isLease(info);
  loadChart();
  live.subscribe({ op: 'subscribe', channel: 'book', symbol });
  live.subscribe({ op: 'subscribe', channel: 'trades', symbol });
  await fetchBook(symbol);
}

/** The REST picture of the book and its recent trades, merged with what the feed already delivered. */
async function fetchBook(symbol) {
  try {
    const [snapshot, recent] = await Promise.all([api.book(symbol, DEPTH), api.trades(symbol, 50)]);
    if (symbol !== market.symbol) return;
    if (book.seq === undefined || (snapshot.seq ?? 0) >= book.seq) applyBook(snapshot);
    const known = new Set(trades.map(tradeKey));
    trades = trades.concat(recent.filter((t) => !known.has(tradeKey(t)))).sort(byNewest).slice(0, KEEP_TRADES);
    if (snapshot.lastPrice) $('last-price').textContent = snapshot.lastPrice;
    else if (trades.length) $('last-price').textContent = trades[0].price;
    renderTrades();
  } catch (e) {
    showError(`Book ${symbol}: ${e.describe ? e.describe() : e}`);
  }
}

const tradeKey = (t) => `${t.tradeId ?? ''}|${t.seq ?? ''}|${t.price}|${t.qty}|${t.time ?? ''}`;
const byNewest = (a, b) => (num(b.seq ?? b.tradeId) || 0) - (num(a.seq ?? a.tradeId) || 0);

function applyBook(message) {
  book = { bids: (message.bids || []).map(level), asks: (message.asks || []).map(level), seq: message.seq };
  if (message.lastPrice) $('last-price').textContent = message.lastPrice;
  renderBook();
}

function renderBook() {
  const asks = book.asks.slice(0, DEPTH);
  const bids = book.bids.slice(0, DEPTH);
  const max = Math.max(Number.MIN_VALUE, ...asks.map((l) => num(l.qty)), ...bids.map((l) => num(l.qty)));
  const w = (q) => `--w:${Math.round((num(q) / max) * 100)}%`;
  const rows = [];
  for (const l of asks.slice().reverse()) {
    rows.push(el('tr', { class: 'ask', style: w(l.qty), 'data-price': l.price, title: 'click: buy at this price', onclick: () => pick('BUY', l.price) }, td(''), td(l.price), td(l.qty)));
  }
  const spread = bids.length && asks.length ? fixed(decimalDiff(asks[0].price, bids[0].price), decimals(asks[0].price)) : '—';
  rows.push(el('tr', { class: 'spread' }, el('td', { colspan: 3, text: `spread ${spread}` })));
  for (const l of bids) {
    rows.push(el('tr', { class: 'bid', style: w(l.qty), 'data-price': l.price, title: 'click: sell at this price', onclick: () => pick('SELL', l.price) }, td(l.qty), td(l.price), td('')));
  }
  $('ladder').tBodies[0].replaceChildren(...rows);
  $('book-spread').textContent = spread;
  $('book-seq').textContent = book.seq ?? '—';
  drawDepth($('depth-chart'), bids, asks, market.symbol ? 'empty book' : 'choose an instrument');
}

/** A click on a ladder level prepares the ticket to take it (the trading view shows it). */
function pick(side, price) {
  for (const fn of market.pickers) fn(market.symbol, side, price);
}

function renderTrades(fresh) {
  const rows = trades.slice(0, 50).map((t) => el('tr', { class: fresh && fresh.has(t) ? 'flash' : undefined },
    td(timeOf(t.time)), td(t.price, sideClass(t.aggressorSide ?? t.aggressor)), td(t.qty),
    td(String(t.aggressorSide ?? t.aggressor ?? '').toLowerCase(), `text ${sideClass(t.aggressorSide ?? t.aggressor)}`)));
  fillBody($('recent-trades'), rows, market.symbol ? 'No trades yet.' : 'Choose an instrument.');
}

// ---- price chart: candles of the chosen book (1 min or 1 h), or for a lease slot its forward curve ----

const chart = { mode: '1m', data: null, generation: 0, timer: null };
const isLease = (info) => Boolean(info && (info.kind === 'LEASE' || (info.slotStart && info.domain !== 'ENERGY')));

async function loadChart() {
  const symbol = market.symbol;
  if (!symbol) return;
  const mode = chart.mode;
  const mine = ++chart.generation;
  for (const b of document.querySelectorAll('.price-panel [data-chart]')) b.setAttribute('aria-pressed', String(b.dataset.chart === mode));
  try {
    const data = mode === 'forward' ? await api.forward(symbol) : await api.candles(symbol, mode);
    if (mine !== chart.generation) return;
    chart.data = { mode, symbol, value: data };
    drawChart();
  } catch (e) {
    if (mine !== chart.generation) return;
    chart.data = null;
    const canvas = $('price-chart');
    delete canvas.dataset.candles;
    drawCandles(canvas, [], mode, `price history unavailable: ${e.code ?? e}`);
    $('price-chart-note').textContent = '';
  }
}

function drawChart() {
  const canvas = $('price-chart');
  const d = chart.data;
  if (!d) return;
  canvas.dataset.mode = d.mode;
  canvas.dataset.symbol = d.symbol;
  if (d.mode === 'forward') {
    drawForward(canvas, d.value, d.symbol);
    const points = d.value.points || [];
    $('price-chart-note').textContent = `${d.value.hour ?? ''} UTC on ${points.length} days`;
  } else {
    const candles = d.value.candles || [];
    drawCandles(canvas, candles, d.mode);
    const last = candles[candles.length - 1];
    $('price-chart-note').textContent = last
      ? `${candles.length} candles · last ${last.start.slice(11, 16)} O ${last.open} H ${last.high} L ${last.low} C ${last.close} V ${last.volume}`
      : '';
  }
}

/** A trade moves the chart: fetched again, at most every half second. */
function chartSoon() {
  clearTimeout(chart.timer);
  chart.timer = setTimeout(loadChart, 500);
}

export function initMarket() {
  for (const b of document.querySelectorAll('.price-panel [data-chart]')) {
    b.addEventListener('click', () => { chart.mode = b.dataset.chart; loadChart(); });
  }
  // states change with the exchange's time: the tree is refreshed every minute while the market view shows
  setInterval(() => { if (market.instruments.length && !$('view-market').hidden && !document.hidden) loadInstruments(true); }, 60_000);
  $('instrument-filter').addEventListener('input', (e) => renderTree(e.target.value));
  $('instrument-all').addEventListener('change', () => renderTree($('instrument-filter').value));
  live.on('book', (m) => {
    if (m.symbol !== market.symbol) return;
    if (m.seq !== undefined && book.seq !== undefined && m.seq < book.seq) return;
    applyBook(m);
  });
  live.on('trades', (m) => {
    if (m.symbol !== market.symbol) return;
    const incoming = m.type === 'snapshot' ? (m.trades || []) : (m.trade ? [m.trade] : []);
    const known = new Set(trades.map(tradeKey));
    const fresh = incoming.map((t) => ({ symbol: m.symbol, ...t })).filter((t) => !known.has(tradeKey(t)));
    if (!fresh.length) return;
    trades = fresh.concat(trades).sort(byNewest).slice(0, KEEP_TRADES);
    $('last-price').textContent = trades[0].price;
    renderTrades(m.type === 'snapshot' ? undefined : new Set(fresh));
    if (m.type !== 'snapshot') chartSoon();
  });
  live.on('open', () => { if (market.symbol) fetchBook(market.symbol); });
  window.addEventListener('resize', () => { drawDepth($('depth-chart'), book.bids, book.asks); drawChart(); });
  renderBook();
  renderTrades();
}
