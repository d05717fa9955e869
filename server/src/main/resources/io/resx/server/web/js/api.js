// REST client for /api/v1 (see the API contract): bearer key from sessionStorage, JSON in and out,
// errors as {code, message, field} turned into ApiError.
const KEY = 'resx.apiKey';

export class ApiError extends Error {
  constructor(status, body) {
    super(body && body.message ? body.message : `HTTP ${status}`);
    this.status = status;
    this.code = body && body.code ? body.code : `HTTP_${status}`;
    this.field = body ? body.field : undefined;
  }
  describe() {
    return `${this.code}${this.field ? ` (${this.field})` : ''}: ${this.message}`;
  }
}

export const session = {
  key: () => sessionStorage.getItem(KEY),
  set: (key) => sessionStorage.setItem(KEY, key),
  clear: () => sessionStorage.removeItem(KEY),
};

async function request(method, path, body) {
  const headers = { Accept: 'application/json' };
  const key = session.key();
  if (key) headers.Authorization = `Bearer ${key}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  let json = null;
  if (text) {
    try { json = JSON.parse(text); } catch { json = { message: text.slice(0, 200) }; }
  }
  if (!response.ok) throw new ApiError(response.status, json);
  return json;
}

const q = (params) => {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') s.set(k, v);
  const text = s.toString();
  return text ? `?${text}` : '';
};
const acct = (account) => `/api/v1/accounts/${encodeURIComponent(account)}`;

export const api = {
  me: () => request('GET', '/api/v1/me'),
  time: () => request('GET', '/api/v1/time'),
  instruments: (filter = {}) => request('GET', `/api/v1/instruments${q(filter)}`),
  book: (symbol, depth = 20) => request('GET', `/api/v1/book${q({ symbol, depth })}`),
  trades: (symbol, limit = 50) => request('GET', `/api/v1/trades${q({ symbol, limit })}`),
  openOrders: (account) => request('GET', `${acct(account)}/orders`),
  fills: (account, limit = 100) => request('GET', `${acct(account)}/fills${q({ limit })}`),
  balances: (account) => request('GET', `${acct(account)}/balances`),
  placeOrder: (order) => request('POST', '/api/v1/orders', order),
  cancel: (req) => request('POST', '/api/v1/orders/cancel', req),
  replace: (req) => request('POST', '/api/v1/orders/replace', req),
  bundle: (req) => request('POST', '/api/v1/bundles', req),
  batches: () => request('GET', '/api/v1/settlement/batches'),
  defaults: () => request('GET', '/api/v1/settlement/defaults'),
  leases: (unit) => request('GET', `/api/v1/leases${q({ unit })}`),
  heatmap: (params) => request('GET', `/api/v1/spectrum/heatmap${q(params)}`),
  candles: (symbol, interval) => request('GET', `/api/v1/candles${q({ symbol, interval })}`),
  forward: (symbol) => request('GET', `/api/v1/candles/forward${q({ symbol })}`),
  positions: (account) => request('GET', `${acct(account)}/positions`),
};

// Client order ids: short, unique per page load, within the engine's 64-character limit.
let counter = 0;
const prefix = `W${Date.now().toString(36).toUpperCase()}`;
export const nextClOrdId = () => `${prefix}-${++counter}`;
