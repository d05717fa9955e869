// Positions view: per account and instrument the position, its average cost, realised P&L and unrealised P&L marked
// at the last trade price. REST gives the first picture; the "positions" WebSocket channel keeps it current (a
// snapshot of every account of the participant on subscribe, then one account's positions whenever they or their
// marks move).
import { api } from './api.js';
import { live } from './live.js';
import { $, el, td, fillBody, num, showError } from './util.js';

const SUBSCRIPTION = { op: 'subscribe', channel: 'positions' };
const state = { me: null, byAccount: new Map(), liveSeen: new Map() };
const account = () => $('positions-account').value;
const pnlClass = (v) => (num(v) > 0 ? 'buy' : num(v) < 0 ? 'sell' : '');

export function onPositionsLogin(me) {
  state.me = me;
  const accounts = me.accounts || [];
  $('positions-account').replaceChildren(...accounts.map((a) => el('option', { value: a, text: a })));
  $('positions-locked').hidden = true;
  $('positions-body').hidden = false;
  live.subscribe(SUBSCRIPTION);
  loadPositions();
}

export function onPositionsLogout() {
  state.me = null;
  state.byAccount.clear();
  state.liveSeen.clear();
  $('positions-locked').hidden = false;
  $('positions-body').hidden = true;
  live.unsubscribe(SUBSCRIPTION);
}

export async function loadPositions() {
  if (!state.me || !account()) return;
  const a = account();
  const liveBefore = state.liveSeen.get(a) || 0;
  try {
    const r = await api.positions(a);
    // A live message for this account that arrived while the request was out is at least as new as the answer
    // (every change is pushed on the channel): the answer could only take the view back to before it.
    if ((state.liveSeen.get(a) || 0) !== liveBefore) return;
    state.byAccount.set(a, r.positions || []);
    if (a === account()) render();
  } catch (e) {
    fillBody($('positions'), [], `Positions unavailable: ${e.describe ? e.describe() : e}`);
  }
}

function render() {
  const positions = state.byAccount.get(account()) || [];
  const rows = positions.map((p) => el('tr', { 'data-symbol': p.symbol },
    td(p.symbol, 'text mono sym'), td(p.position), td(p.avgCost ?? '—'), td(p.realisedPnl, pnlClass(p.realisedPnl)),
    td(p.lastPrice ?? '—'), td(p.unrealisedPnl ?? '—', pnlClass(p.unrealisedPnl))));
  for (const row of rows) row.cells[0].title = row.dataset.symbol;
  fillBody($('positions'), rows, 'No positions: this account has not traded.');
}

export function initPositions() {
  $('positions-account').addEventListener('change', () => { render(); loadPositions(); });
  live.on('positions', (m) => {
    if (!state.me) return;
    const seen = (a) => state.liveSeen.set(a, (state.liveSeen.get(a) || 0) + 1);
    if (m.type === 'snapshot') {
      for (const entry of m.accounts || []) {
        state.byAccount.set(entry.account, entry.positions || []);
        seen(entry.account);
      }
    } else if (m.account) {
      state.byAccount.set(m.account, m.positions || []);
      seen(m.account);
    } else {
      return;
    }
    render();
  });
  live.on('open', () => { if (state.me) loadPositions().catch((e) => showError(String(e))); });
  // a fill of one of the participant's orders moves a position too: the REST picture is fetched again, so the view
  // is right even if a positions message was lost to a resync
  live.on('orders', positionsSoon);
}

let pending = null;
function positionsSoon() {
  clearTimeout(pending);
  pending = setTimeout(() => { if (state.me && !$('view-positions').hidden) loadPositions(); }, 150);
}
