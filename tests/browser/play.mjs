#!/usr/bin/env node
// ottedge browser harness runner: headless Debian Chromium (playwright-core) loads page/index.html
// from a localhost server of its own and plays one URL with hls.js, shaka-player or dash.js.
// Prints ONE JSON line (the page's report plus the requests the browser made). Exit 0 when the
// harness ran (the caller judges the result), non-zero only when the harness itself failed.
// Written for ottedge; see README.md.
//
//   node tests/browser/play.mjs --player hlsjs|shaka|dashjs --url URL [--seconds 12]
//     [--clearkey KIDHEX:KEYHEX]... [--license-url URL] [--header K:V]... [--pixel X,Y]
//     [--cmcd] [--hls-config JSON] [--timeout 60]
//
// As a module: `play(opts)` (one browser per call) or `launchHarness()` → `{ play, close }`
// (one browser, many plays, parallel pages OK).

import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const PAGE_DIR = path.join(HERE, 'page');
const NODE_MODULES = process.env.NODE_MODULES || path.join(HERE, 'node_modules');
const require = createRequire(import.meta.url);

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
// Flags checked on this kind of machine (docs/ORACLES.md, Browser section).
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--autoplay-policy=no-user-gesture-required',
  // Keep media running at full speed in a background/headless page.
  '--disable-background-media-suspend',
  '--disable-renderer-backgrounding',
  '--disable-background-timer-throttling',
];

const PLAYERS = new Set(['hlsjs', 'shaka', 'dashjs']);
// Only these npm packages are served under /__lib/ (nothing else from node_modules).
const LIBS = new Set(['hls.js', 'shaka-player', 'dashjs']);

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.map': 'application/json',
  '.json': 'application/json',
  '.css': 'text/css',
};

function b64urlToHex(s) {
  return Buffer.from(s.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('hex');
}

function hexToB64url(hex) {
  return Buffer.from(hex, 'hex').toString('base64url');
}

function checkHex16(hex, what) {
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new Error(`${what} must be 32 hex digits, got ${JSON.stringify(hex)}`);
  return hex.toLowerCase();
}

/** The W3C ClearKey license answer (a JWK set) for the kids asked, from a {kid_hex: key_hex} map. */
export function clearKeyLicense(requestBody, keys) {
  let kids = [];
  try {
    kids = JSON.parse(requestBody).kids || [];
  } catch {
    kids = [];
  }
  const wanted = kids.map(b64urlToHex).filter((k) => k in keys);
  // Unknown kids: answer with every key we have (the CDM ignores keys it did not ask for).
  const chosen = wanted.length ? wanted : Object.keys(keys);
  return { keys: chosen.map((kid) => ({ kty: 'oct', kid: hexToB64url(kid), k: hexToB64url(keys[kid]) })), type: 'temporary' };
}

/**
 * Answer one ClearKey license request, CORS preflight included. `keysFor(req, body)` returns the
 * {kid_hex: key_hex} map to answer from, or an HTTP status number to refuse with.
 */
export function answerClearKey(req, res, keysFor) {
  const cors = { 'access-control-allow-origin': '*', 'access-control-allow-headers': '*' };
  if (req.method === 'OPTIONS') {
    res.writeHead(204, cors);
    res.end();
    return;
  }
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    const keys = keysFor(req, body);
    if (typeof keys === 'number') {
      res.writeHead(keys, cors);
      res.end();
      return;
    }
    res.writeHead(200, { ...cors, 'content-type': 'application/json' });
    res.end(JSON.stringify(clearKeyLicense(body, keys)));
  });
}

function sendFile(res, file) {
  fs.stat(file, (err, st) => {
    if (err || !st.isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    res.writeHead(200, {
      'content-type': MIME[path.extname(file)] || 'application/octet-stream',
      'content-length': st.size,
      'cache-control': 'no-store',
    });
    fs.createReadStream(file).pipe(res);
  });
}

/** The runner's own server: the page, the player libraries and per-play ClearKey license endpoints. */
function startPageServer() {
  const licenses = new Map(); // id -> {kid_hex: key_hex}
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    const p = decodeURIComponent(url.pathname);
    if (p.startsWith('/__license/')) {
      const keys = licenses.get(p.slice('/__license/'.length));
      answerClearKey(req, res, () => keys || 404);
      return;
    }
    if (p.startsWith('/__lib/')) {
      const rest = p.slice('/__lib/'.length);
      const pkg = rest.split('/')[0];
      const file = path.normalize(path.join(NODE_MODULES, rest));
      if (!LIBS.has(pkg) || !file.startsWith(path.join(NODE_MODULES, pkg) + path.sep)) {
        res.writeHead(404);
        res.end();
        return;
      }
      sendFile(res, file);
      return;
    }
    const rel = p === '/' ? 'index.html' : p.slice(1);
    const file = path.normalize(path.join(PAGE_DIR, rel));
    if (!file.startsWith(PAGE_DIR + path.sep)) {
      res.writeHead(404);
      res.end();
      return;
    }
    sendFile(res, file);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({ server, origin: `http://127.0.0.1:${port}`, licenses });
    });
  });
}

function normaliseOpts(opts) {
  const o = { seconds: 12, timeout: 60, headers: {}, ...opts };
  if (!PLAYERS.has(o.player)) throw new Error(`--player must be one of hlsjs, shaka, dashjs (got ${JSON.stringify(o.player)})`);
  if (!o.url) throw new Error('--url is required');
  let clearkey = null;
  if (o.clearkey) {
    clearkey = {};
    for (const [kid, key] of Object.entries(o.clearkey)) clearkey[checkHex16(kid, 'ClearKey KID')] = checkHex16(key, 'ClearKey key');
  }
  let pixel = null;
  if (o.pixel) {
    const parts = Array.isArray(o.pixel) ? o.pixel : String(o.pixel).split(',');
    if (parts.length !== 2) throw new Error(`--pixel wants X,Y (pixels or NN%), got ${JSON.stringify(o.pixel)}`);
    pixel = parts.map((v) => (String(v).trim().endsWith('%') ? String(v).trim() : Number(v)));
    if (pixel.some((v) => typeof v === 'number' && !Number.isFinite(v))) throw new Error(`--pixel: not numbers: ${o.pixel}`);
  }
  let hlsConfig = o.hlsConfig ?? o.hls_config ?? null;
  if (typeof hlsConfig === 'string') {
    try {
      hlsConfig = JSON.parse(hlsConfig);
    } catch (e) {
      throw new Error(`--hls-config wants a JSON object: ${e.message}`);
    }
  }
  if (hlsConfig !== null && (typeof hlsConfig !== 'object' || Array.isArray(hlsConfig))) {
    throw new Error(`--hls-config wants a JSON object, got ${JSON.stringify(hlsConfig)}`);
  }
  if (hlsConfig !== null && o.player !== 'hlsjs') throw new Error('--hls-config applies to --player hlsjs only');
  return { ...o, clearkey, pixel, hlsConfig };
}

/**
 * Launch one headless Chromium and the page server. Returns `{ play(opts), close() }`; `play` may
 * be called concurrently (one page each).
 */
/**
 * Wraps `fn` so at most `max` calls run at once (each page decodes video on the shared
 * cores); a freed slot passes straight to the next waiter, so the limit always holds.
 */
export function limited(max, fn) {
  let running = 0;
  const queue = [];
  return async (...args) => {
    if (running < max) running++;
    else await new Promise((r) => queue.push(r));
    try {
      return await fn(...args);
    } finally {
      const next = queue.shift();
      if (next) next();
      else running--;
    }
  };
}

export async function launchHarness({ chromium: exe = CHROMIUM, args = [] } = {}) {
  const { chromium } = require(path.join(NODE_MODULES, 'playwright-core'));
  const srv = await startPageServer();
  const udd = fs.mkdtempSync(path.join(os.tmpdir(), 'ottedge-chromium-'));
  let ctx;
  try {
    ctx = await chromium.launchPersistentContext(udd, {
      executablePath: exe,
      headless: true,
      args: [...CHROMIUM_ARGS, ...args],
    });
  } catch (e) {
    srv.server.close();
    fs.rmSync(udd, { recursive: true, force: true });
    throw e;
  }
  let seq = 0;

  async function play(rawOpts) {
    const opts = normaliseOpts(rawOpts);
    const id = `p${++seq}`;
    const t0 = Date.now();
    let licenseUrl = opts.licenseUrl || opts.license_url || null;
    if (opts.clearkey && !licenseUrl && opts.player === 'hlsjs') {
      // hls.js has no static-key option: give it a license endpoint that answers with the keys.
      srv.licenses.set(id, opts.clearkey);
      licenseUrl = `${srv.origin}/__license/${id}`;
    }
    const cfg = {
      player: opts.player,
      url: opts.url,
      seconds: Number(opts.seconds),
      timeout: Number(opts.timeout),
      clearkey: opts.clearkey,
      license_url: licenseUrl,
      license_headers: opts.headers || {},
      pixel: opts.pixel,
      cmcd: !!opts.cmcd,
      hls_config: opts.hlsConfig,
    };
    const page = await ctx.newPage();
    const requests = [];
    const failed = [];
    const consoleLines = [];
    const pageErrors = [];
    const isHarness = (u) => u.startsWith(srv.origin) && !u.startsWith(`${srv.origin}/__license/`);
    page.on('request', (r) => {
      if (!isHarness(r.url()) && !r.url().startsWith('blob:')) requests.push(r.url());
    });
    page.on('requestfailed', (r) => {
      if (!isHarness(r.url())) failed.push({ url: r.url(), error: r.failure() ? r.failure().errorText : 'failed' });
    });
    page.on('response', (r) => {
      if (r.status() >= 400 && !isHarness(r.url())) failed.push({ url: r.url(), status: r.status() });
    });
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') consoleLines.push(`[${m.type()}] ${m.text()}`.slice(0, 500));
    });
    page.on('pageerror', (e) => pageErrors.push(String(e).slice(0, 500)));
    let result;
    let timedOut = false;
    try {
      await page.goto(`${srv.origin}/index.html?config=${encodeURIComponent(JSON.stringify(cfg))}`);
      try {
        await page.waitForFunction(() => window.__harness && window.__harness.done, null, {
          timeout: (cfg.timeout + 15) * 1000,
          polling: 200,
        });
        result = await page.evaluate(() => window.__harness.result);
      } catch {
        // The page never finished on its own: take what it has.
        timedOut = true;
        result = await page
          .evaluate(() => ({ reason: 'runner-timeout', player_errors: (window.__harness || {}).errors || [] }))
          .catch(() => ({ reason: 'runner-timeout', player_errors: [] }));
      }
    } finally {
      await page.close().catch(() => {});
      srv.licenses.delete(id);
    }
    return {
      ...result,
      timed_out: timedOut || result.reason === 'timeout',
      wall_seconds: Math.round((Date.now() - t0) / 100) / 10,
      requests,
      failed_requests: failed,
      page_errors: pageErrors,
      console: consoleLines.slice(0, 50),
    };
  }

  async function close() {
    await ctx.close().catch(() => {});
    await new Promise((r) => srv.server.close(r));
    fs.rmSync(udd, { recursive: true, force: true });
  }

  return { play, close };
}

/** One play in a fresh browser. opts: {player, url, seconds?, timeout?, clearkey?: {kid_hex: key_hex},
 *  licenseUrl?, headers?: {K: V}, pixel?: [x, y] | "X,Y", cmcd?, hlsConfig?: {...}} → the JSON report. */
export async function play(opts) {
  const h = await launchHarness();
  try {
    return await h.play(opts);
  } finally {
    await h.close();
  }
}

function parseArgs(argv) {
  const o = { headers: {} };
  const need = (i) => {
    if (i + 1 >= argv.length) throw new Error(`${argv[i]} needs a value`);
    return argv[i + 1];
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    switch (a) {
      case '--player': o.player = need(i); i++; break;
      case '--url': o.url = need(i); i++; break;
      case '--seconds': o.seconds = Number(need(i)); i++; break;
      case '--timeout': o.timeout = Number(need(i)); i++; break;
      case '--license-url': o.licenseUrl = need(i); i++; break;
      case '--pixel': o.pixel = need(i); i++; break;
      case '--cmcd': o.cmcd = true; break;
      case '--hls-config': o.hlsConfig = need(i); i++; break;
      case '--clearkey': {
        const [kid, key] = need(i).split(':');
        if (!kid || !key) throw new Error(`--clearkey wants KIDHEX:KEYHEX, got ${argv[i + 1]}`);
        o.clearkey = { ...(o.clearkey || {}), [kid]: key };
        i++;
        break;
      }
      case '--header': {
        const v = need(i);
        const at = v.indexOf(':');
        if (at <= 0) throw new Error(`--header wants K:V, got ${v}`);
        o.headers[v.slice(0, at).trim()] = v.slice(at + 1).trim();
        i++;
        break;
      }
      case '-h':
      case '--help':
        o.help = true;
        break;
      default:
        throw new Error(`unknown argument ${a}`);
    }
  }
  for (const k of ['seconds', 'timeout']) {
    if (k in o && !(o[k] > 0)) throw new Error(`--${k} must be a positive number`);
  }
  return o;
}

const USAGE = `usage: node tests/browser/play.mjs --player hlsjs|shaka|dashjs --url URL [--seconds 12]
  [--clearkey KIDHEX:KEYHEX]... [--license-url URL] [--header K:V]... [--pixel X,Y] [--cmcd]
  [--hls-config JSON] [--timeout 60]`;

async function cli() {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
    if (opts.help) {
      console.log(USAGE);
      return 0;
    }
    normaliseOpts(opts);
  } catch (e) {
    console.error(`play.mjs: ${e.message}\n${USAGE}`);
    return 2;
  }
  try {
    const result = await play(opts);
    console.log(JSON.stringify(result));
    return 0;
  } catch (e) {
    console.error(`play.mjs: harness failed: ${e.stack || e}`);
    return 1;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  cli().then((code) => process.exit(code));
}
