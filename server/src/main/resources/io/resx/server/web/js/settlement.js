// Settlement and audit view: net settlement batches with their chain transactions, and the default waterfall.
// When the server runs without a chain it says so, and so does this page (no made-up hashes).
import { api } from './api.js';
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
    const configured = Array.isArray(r) ? true : (r.chainConfigured ?? r.chain?.configured ?? true);
    if (!configured) {
      chain.className = 'notice warn';
      chain.textContent = `Chain not configured: ${r.message ?? r.chain?.message ?? 'this server settles no batches on a chain.'}`;
    }
    const rows = batches.map((b) => el('tr', { 'data-batch': b.batchId },
      td(b.batchId, 'text'), td(b.status, 'text'), td(Array.isArray(b.trades) ? b.trades.length : b.trades),
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
    const steps = Array.isArray(r) ? r : (r.steps || r.events || []);
    const rows = steps.map((s) => el('tr', {}, td(s.seq ?? ''), td(s.evt ?? s.step ?? '', 'text'), td(s.account ?? s.lessee ?? '', 'text'),
      td(s.asset ?? s.symbol ?? '', 'text'), td(s.amount ?? s.shortfall ?? s.qty ?? ''), td(s.remaining ?? '')));
    fillBody($('waterfall'), rows, 'No defaults: every participant has settled.');
  } catch (e) {
    defaults.className = 'notice warn';
    defaults.textContent = e.status === 404 ? 'This server does not report defaults.' : `Defaults unavailable: ${describe(e)}`;
    fillBody($('waterfall'), [], 'No default information.');
  }
}

export function initSettlement() {
  $('settlement-refresh').addEventListener('click', loadSettlement);
}
