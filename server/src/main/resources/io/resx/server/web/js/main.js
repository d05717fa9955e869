// ResX console entry: view switching by URL hash, log-in with an API key (kept in sessionStorage only, sent as a
// bearer token), and start-up of the live feed.
import { api, session } from './api.js';
import { live } from './live.js';
import { $, showError } from './util.js';
import { initMarket, loadInstruments, selectSymbol, market, firstTradable } from './market.js';
import { initTrade, onLogin, onLogout, useSymbol } from './trade.js';
import { initSpectrum, loadHeatmap, spectrumLoaded } from './spectrum.js';
import { initSettlement, loadSettlement } from './settlement.js';
import { initPositions, onPositionsLogin, onPositionsLogout, loadPositions } from './positions.js';

const VIEWS = ['market', 'spectrum', 'trade', 'positions', 'settlement'];

function showView() {
  const name = VIEWS.includes(location.hash.slice(1)) ? location.hash.slice(1) : 'market';
  for (const v of VIEWS) {
    $(`view-${v}`).hidden = v !== name;
    const tab = $(`tab-${v}`);
    if (v === name) tab.setAttribute('aria-current', 'page'); else tab.removeAttribute('aria-current');
  }
  if (name === 'trade') useSymbol(market.symbol);
  if (name === 'spectrum' && !spectrumLoaded()) loadHeatmap();
  if (name === 'settlement') loadSettlement();
  if (name === 'positions') loadPositions();
}

async function logIn(key) {
  session.set(key);
  try {
    const me = await api.me();
    $('login-form').hidden = true;
    $('whoami').hidden = false;
    $('whoami-participant').textContent = `${me.participant}${me.admin ? ' (admin)' : ''}`;
    live.reconnect();
    onLogin(me);
    onPositionsLogin(me);
    if (!market.instruments.length) await openMarket();
    return true;
  } catch (e) {
    session.clear();
    showError(`Log-in refused: ${e.describe ? e.describe() : e}`);
    return false;
  }
}

function logOut() {
  session.clear();
  $('login-form').hidden = false;
  $('whoami').hidden = true;
  $('login-key').value = '';
  onLogout();
  onPositionsLogout();
  live.reconnect();
}

async function start() {
  initMarket();
  initTrade();
  initSpectrum();
  initSettlement();
  initPositions();
  $('login-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const key = $('login-key').value.trim();
    if (key) await logIn(key);
  });
  $('logout-button').addEventListener('click', logOut);
  window.addEventListener('hashchange', showView);
  live.start();
  showView();
  const saved = session.key();
  if (saved) await logIn(saved);
  if (!market.instruments.length) await openMarket();
}

/** Instruments, then the book named by ?symbol= (or the first that can still be traded). */
async function openMarket() {
  await loadInstruments();
  if (!market.instruments.length) return;
  const first = new URLSearchParams(location.search).get('symbol') || firstTradable();
  if (first) selectSymbol(first);
}

start();
