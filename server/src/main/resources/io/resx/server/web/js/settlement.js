// Settlement and audit view: net settlement batches with their chain transactions, and the default waterfall.
// When the server runs without a chain it says so, and so does this page (no made-up hashes).
import { api } from './api.js';
import { live } from './live.js';
import { $, el, td, fillBody } from './util.js';

const describe = (e) => (e && e.describe ? e.describe() : String(e));

function netText(net) {
  if (!net) return '';
  if (!Array.isArray(net)) return typeof net === 'object' ? Object.entries(net).map(([k, v]) => `${k} ${v}`).join(', ') : String(net);
  return net.map((n) => (typeof n === 'object' ? `${n.account ?? n.participant ?? ''} ${n.amount ?? n.net ?? ''}`.trim() : String(n))).join(', ');
}

export async function loadSettlement() {
  const chain = $('chain-state');
  chain.className = 'notice';
  chain.textContent = '';
  try {
    const r = await api.batches();
    const batches = Array.isArray(r) ? r : (r.batches || []);
    // The API names the chain link's state: "not configured", "connected" or "disconnected".
    const link = Array.isArray(r) ? undefined : r.chain;
    const configured = link !== 'not configured';
    if (!configured) {
      chain.className = 'notice warn';
      chain.textContent = 'Chain not configured: this server runs without a settlement chain, so trades are not netted into batches and no transaction is sent.';
    } else if (link) {
      const health = r.health || {};
      const m = r.metrics || {};
      const level = health.level || (link === 'connected' ? 'UP' : 'DOWN');
      chain.className = level === 'UP' ? 'notice' : 'notice warn';
      const figures = r.metrics ? ` Confirmed ${m.resx_settlement_batches_confirmed_total ?? 0}, queued `
        + `${m.resx_settlement_batches_queued ?? 0}, failed attempts ${m.resx_settlement_batch_attempts_failed_total ?? 0}, `
        + `trades refused ${m.resx_settlement_trades_refused_total ?? 0}; oldest unsettled trade `
        + `${Math.round(m.resx_settlement_oldest_unsettled_trade_age_seconds ?? 0)} s; gas price `
        + `${((m.resx_settlement_gas_price_paid_wei ?? 0) / 1e9).toFixed(3)} gwei; operator `
        + `${((m.resx_settlement_operator_balance_wei ?? 0) / 1e18).toFixed(4)} ETH.` : '';
      chain.textContent = `Chain ${link}, ${level}${health.message ? ` (${health.message})` : ''}.${figures}`;
    }
    // A batch's problem and the trades the chain refused for good (decoded reasons) show in its status cell.
    const statusCell = (b) => {
      const refused = Array.isArray(b.refused) ? b.refused : [];
      const notes = [b.problem, ...refused.map((x) => `trade ${x.tradeId} ${x.symbol}: ${x.reason}`)].filter(Boolean);
      return el('td', { class: 'text', title: notes.join('\n') },
        refused.length ? `${b.status} (${refused.length} refused)` : String(b.status));
    };
    const rows = batches.map((b) => el('tr', { 'data-batch': b.batchId },
      td(b.batchId, 'text'), statusCell(b), td(Array.isArray(b.trades) ? b.trades.length : b.trades),
      td(netText(b.netCash ?? b.net), 'text'), td(b.gasUsed ?? '—'),
      el('td', { class: 'text', title: b.txHash ?? '' }, b.txHash ? `${b.txHash.slice(0, 10)}…${b.txHash.slice(-6)}` : '—'),
      td(b.confirmations ?? '—')));
    fillBody($('batches'), rows, configured ? 'No settlement batch yet.' : 'No batches: no chain.');
  } catch (e) {
    chain.className = 'notice warn';
    chain.textContent = /CHAIN|NOT_CONFIGURED/.test(e.code || '') || e.status === 503
      ? `Chain not configured: ${e.message}` : `Settlement batches unavailable: ${describe(e)}`;
    fillBody($('batches'), [], 'No batches.');
  }
  const defaults = $('defaults-state');
  defaults.className = 'notice';
  defaults.textContent = '';
  try {
    const r = await api.defaults();
    history = Array.isArray(r) ? r : (r.steps || r.events || []);
  } catch (e) {
    history = [];
    defaults.className = 'notice warn';
    defaults.textContent = e.status === 404
      ? 'This server keeps no history of defaults yet: the steps below are those seen on the live feed since this page '
        + 'opened (your own accounts; an admin key sees every account).'
      : `Defaults unavailable: ${describe(e)}`;
  }
  renderWaterfall();
}

// Default waterfall steps, in the order the engine emits them for one settlementFailed.
const WATERFALL = new Set(['default', 'suspended', 'collateralApplied', 'defaultFundApplied', 'leaseRevoked']);
let history = [];
const seen = [];

function renderWaterfall() {
  const rows = history.concat(seen).map((s) => el('tr', { class: s.evt === 'default' ? 'sell' : undefined },
    td(s.seq ?? ''), td(s.evt ?? s.step ?? '', 'text'), td(s.account ?? s.lessee ?? '', 'text mono'),
    td(s.asset ?? s.symbol ?? '', 'text mono'), td(s.amount ?? s.shortfall ?? s.qty ?? ''), td(s.remaining ?? '')));
  fillBody($('waterfall'), rows, 'No default seen.');
}

export function initSettlement() {
  $('settlement-refresh').addEventListener('click', loadSettlement);
  live.on('orders', (m) => {
    if (!m.event || !WATERFALL.has(m.event.evt)) return;
    seen.push(m.event);
    renderWaterfall();
  });
}
