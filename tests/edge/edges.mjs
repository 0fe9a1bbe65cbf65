// Start the real edge builds for the end-to-end tests (written for ottedge):
// the Fastly app under Viceroy (a generated copy of the root fastly.toml with the real origin
// port, config store and the root file's loopback geolocation table) and the Cloudflare worker
// under workerd through Miniflare (vars, secrets, KV namespace OTTEDGE_KV; `cf` per request).

import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

export const HERE = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(HERE, '../..');
export const OTTEDGE_BIN = process.env.OTTEDGE_BIN || path.join(ROOT, 'target/debug/ottedge');
export const VICEROY_BIN = process.env.VICEROY_BIN || path.join(os.homedir(), '.cargo/bin/viceroy');
export const FASTLY_WASM = path.join(ROOT, 'edge/fastly/pkg/ottedge-fastly.wasm');
export const CF_SCRIPT = path.join(ROOT, 'edge/cloudflare/build/index.js');

/** Test-only secrets (the edge core's test values; testdata/token/hs256.key holds the JWT one). */
export const SECRETS = {
  jwt_hs256: fs.readFileSync(path.join(ROOT, 'testdata/token/hs256.key'), 'utf8').replace(/\r?\n$/, ''),
  url_signing_key: '00112233445566778899aabbccddeeff',
  license_geo_key: 'license-geo-shared-secret',
};

/**
 * Starts `ottedge dev --runtime R --dir D` on free ports; resolves with `{ child, info, output }`:
 * its first stdout line parsed, and the last lines of its output (stderr, later stdout).
 */
export async function startDevStack({ runtime = 'native', dir }) {
  fs.mkdirSync(dir, { recursive: true });
  const child = spawn(OTTEDGE_BIN, ['dev', '--runtime', runtime, '--listen', '127.0.0.1:0', '--dir', dir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = [];
  const keep = (line) => { output.push(line); if (output.length > 400) output.shift(); };
  child.stderr.on('data', (d) => keep(String(d)));
  const lines = readline.createInterface({ input: child.stdout });
  const first = await new Promise((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`ottedge dev --runtime ${runtime} exited ${code}: ${output.join('').slice(-3000)}`)));
  });
  lines.on('line', keep);
  return { child, info: JSON.parse(first), output };
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/**
 * The edge config for the tests: testdata/edge/config.json with the pathways pointing at the
 * running edges, plus `always_blackout` (a blackout everywhere, 2020–2100).
 */
export function testConfig({ cloudflare = 'http://127.0.0.1:8787', fastly = 'http://127.0.0.1:7676' } = {}) {
  const config = JSON.parse(fs.readFileSync(path.join(ROOT, 'testdata/edge/config.json'), 'utf8'));
  delete config.$schema;
  config.assets.always_blackout = {
    origin_path: '/demo',
    geo: { blackouts: [{ regions: [], start: '2020-01-01T00:00:00Z', end: '2100-01-01T00:00:00Z' }] },
  };
  config.pathways = [
    { id: 'cloudflare', base_url: cloudflare, weight: 10 },
    { id: 'fastly', base_url: fastly, weight: 5 },
  ];
  return config;
}

/** Mints a viewer JWT with `ottedge token mint` (args: extra CLI flags). */
export function mint({ key = 'testdata/token/hs256.key', alg, kid = 'k1', sub = 'alice', assets = ['vod/demo'], tier, countries, ttl, now, extra = [] } = {}) {
  const args = ['token', 'mint', '--key-file', path.resolve(ROOT, key), '--sub', sub];
  if (alg) args.push('--alg', alg);
  if (kid) args.push('--kid', kid);
  for (const a of assets) args.push('--asset', a);
  if (tier) args.push('--tier', tier);
  if (countries) args.push('--countries', countries);
  if (ttl !== undefined) args.push('--ttl', String(ttl));
  if (now !== undefined) args.push('--now', String(now));
  return execFileSync(OTTEDGE_BIN, [...args, ...extra], { encoding: 'utf8' }).trim();
}

async function waitHttp(url, child, what, ms = 30000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (child && child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode}`);
    try {
      await fetch(url);
      return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not answer on ${url} within ${ms} ms`);
}

function stopper(child) {
  return () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
}

/** An edge config serving live channel `id` (origin `/live/<id>`) with HS256 viewer tokens. */
export function liveConfig(id) {
  return {
    version: 1,
    assets: { [id]: { kind: 'live', origin_path: `/live/${id}` } },
    jwt: { keys: [{ kid: 'k1', alg: 'HS256', secret_name: 'jwt_hs256' }] },
    url_signing: { secret_name: 'url_signing_key', ttl_s: 600 },
    default_tier: 'hd',
    tiers: { hd: { max_height: 1080 } },
  };
}

/**
 * `ottedge channel --id ID --synthetic --out TMP --listen <free port> ...args`; resolves once its
 * first media playlist answers: `{ url, out, start, published, close() }` (`start`: its start
 * line; `published`: its per-segment JSON lines). `env` adds environment variables.
 */
export async function startLiveChannel({ id, args = [], env = {} }) {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'ottedge-live-'));
  const port = await freePort();
  const child = spawn(OTTEDGE_BIN, ['channel', '--id', id, '--synthetic', '--out', out, '--listen', `127.0.0.1:${port}`, ...args],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  const published = [];
  readline.createInterface({ input: child.stderr }).on('line', (line) => {
    try {
      published.push(JSON.parse(line));
    } catch {
      process.stderr.write(`${line}\n`);
    }
  });
  const start = await new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`ottedge channel exited with ${code}`)));
    readline.createInterface({ input: child.stdout }).once('line', (line) => resolve(JSON.parse(line)));
  });
  // The edge's first manifest request needs a published segment.
  const media = start.hls.replace('master.m3u8', `${start.renditions.at(-1)}.m3u8`);
  const deadline = Date.now() + 30000;
  while (!(await fetch(media)).ok) {
    if (Date.now() > deadline) throw new Error('the channel published nothing in 30 s');
    await new Promise((r) => setTimeout(r, 200));
  }
  const stop = stopper(child);
  return {
    url: start.listening,
    out,
    start,
    published,
    close: async () => {
      await stop();
      fs.rmSync(out, { recursive: true, force: true });
    },
  };
}

/**
 * `ottedge license` on a free port over key store `store` (master key `masterKeyFile`),
 * verifying viewer tokens with the edge tests' HS256 key and the edge's geo header with
 * `SECRETS.license_geo_key`: `{ url, audit, close() }` (`audit()`: its audit log lines).
 */
export async function startLicense({ store, masterKeyFile }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ottedge-license-'));
  const geoKey = path.join(dir, 'geo.key');
  fs.writeFileSync(geoKey, SECRETS.license_geo_key);
  const auditLog = path.join(dir, 'audit.jsonl');
  const child = spawn(OTTEDGE_BIN, ['license', '--listen', '127.0.0.1:0', '--store', store, '--master-key-file', masterKeyFile,
    '--token-key-file', path.join(ROOT, 'testdata/token/hs256.key'), '--geo-key-file', geoKey, '--audit-log', auditLog],
  { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`ottedge license exited with ${code}`)));
    readline.createInterface({ input: child.stdout }).once('line', resolve);
  });
  const stop = stopper(child);
  return {
    url: JSON.parse(line).listening,
    audit: () => (fs.existsSync(auditLog) ? fs.readFileSync(auditLog, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)) : []),
    close: async () => {
      await stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** `ottedge origin --root DIR` on a free port: `{ url, close() }`. */
export async function startOrigin(root) {
  const port = await freePort();
  const child = spawn(OTTEDGE_BIN, ['origin', '--root', root, '--listen', `127.0.0.1:${port}`, '--quiet'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitHttp(`${url}/`, child, 'ottedge origin');
  return { url, close: stopper(child) };
}

const tomlString = (s) => JSON.stringify(s); // a TOML basic string is a JSON string for our values

/**
 * The Fastly manifest for one run: backends, config store (file), secret store, and the
 * `[local_server.geolocation]` section copied from the root fastly.toml.
 */
export function fastlyToml({ originUrl, licenseUrl = originUrl, adsUrl = originUrl, storeFile, secrets = SECRETS, pathways = [] }) {
  const root = fs.readFileSync(path.join(ROOT, 'fastly.toml'), 'utf8');
  const geo = root.slice(root.indexOf('[local_server.geolocation]'));
  const lines = [
    'manifest_version = 3',
    'name = "ottedge-test"',
    'language = "rust"',
    '',
    '[local_server]',
    `[local_server.backends.origin]\nurl = ${tomlString(originUrl + '/')}`,
    `[local_server.backends.license]\nurl = ${tomlString(licenseUrl + '/')}`,
    `[local_server.backends.ads]\nurl = ${tomlString(adsUrl + '/')}`,
    `[local_server.config_stores.ottedge]\nformat = "json"\nfile = ${tomlString(storeFile)}`,
    // The core's state store (edge/fastly/src/platform.rs), empty at start.
    '[local_server.kv_stores]\nottedge_state = []',
  ];
  // The steering server's health probes go to the backend `pathway_<id>` (edge/fastly/src/platform.rs).
  for (const { id, base_url: base } of pathways) {
    lines.push(`[local_server.backends.${tomlString(`pathway_${id}`)}]\nurl = ${tomlString(base + '/')}`);
  }
  for (const [key, data] of Object.entries(secrets)) {
    lines.push(`[[local_server.secret_stores.ottedge]]\nkey = ${tomlString(key)}\ndata = ${tomlString(data)}`);
  }
  return `${lines.join('\n\n')}\n\n${geo}`;
}

/**
 * The Fastly build under Viceroy: `{ url, logs, pid, close() }`. `kv`: extra Config Store keys
 * (e.g. `steering_health`). Pick the client's country with a local address (127.0.0.2 = DE, …).
 */
export async function startViceroy({ originUrl, licenseUrl = originUrl, config, kv = {}, port }) {
  port = port || (await freePort());
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ottedge-viceroy-'));
  const storeFile = path.join(dir, 'config-store.json');
  const store = { config: JSON.stringify(config) };
  for (const [k, v] of Object.entries(kv)) store[k] = typeof v === 'string' ? v : JSON.stringify(v);
  fs.writeFileSync(storeFile, JSON.stringify(store));
  const toml = path.join(dir, 'fastly.toml');
  fs.writeFileSync(toml, fastlyToml({ originUrl, licenseUrl, storeFile, pathways: config.pathways || [] }));
  const child = spawn(VICEROY_BIN, [FASTLY_WASM, '-C', toml, '--addr', `127.0.0.1:${port}`], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs = [];
  let tail = '';
  const collect = (chunk) => {
    tail += chunk;
    const parts = tail.split('\n');
    tail = parts.pop();
    for (const line of parts) {
      const at = line.indexOf('{"');
      if (at >= 0) {
        try {
          logs.push(JSON.parse(line.slice(at)));
        } catch {
          // not one of ours
        }
      }
    }
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const url = `http://127.0.0.1:${port}`;
  await waitHttp(`${url}/healthz`, child, 'viceroy', 60000);
  return { url, logs, dir, pid: child.pid, close: stopper(child) };
}

/**
 * The Cloudflare build under workerd (Miniflare), listening on a port: `{ url, mf, kv, logs,
 * fetch(url, {cf, ...}), close() }`. `cf` is the default `request.cf`; `fetch` overrides it
 * per request (Miniflare `dispatchFetch`).
 */
export async function startWorkerd({
  originUrl,
  licenseUrl = originUrl,
  config,
  kv = {},
  secrets = SECRETS,
  cf = { country: 'US', regionCode: 'NY', asn: 64500, clientAcceptEncoding: '' },
  host = '127.0.0.1',
  port,
  logTo,
}) {
  const { Miniflare } = await import('miniflare');
  port = port || (await freePort());
  const logs = [];
  // The worker's console.log lines (one JSON object per request from the core).
  const onLog = ({ message }) => {
    if (logTo) logTo(String(message));
    const at = String(message).indexOf('{"');
    if (at < 0) return;
    try {
      logs.push(JSON.parse(String(message).slice(at)));
    } catch {
      // not one of ours
    }
  };
  const mf = new Miniflare({
    modules: true,
    scriptPath: CF_SCRIPT,
    modulesRoot: path.dirname(CF_SCRIPT),
    modulesRules: [{ type: 'CompiledWasm', include: ['**/*.wasm'] }],
    compatibilityDate: '2026-04-01',
    bindings: {
      ORIGIN_URL: originUrl,
      LICENSE_URL: licenseUrl,
      ADS_URL: originUrl,
      OTTEDGE_CONFIG: JSON.stringify(config),
      ...(secrets || SECRETS),
    },
    kvNamespaces: ['OTTEDGE_KV'],
    // The core's state store (wrangler.toml [[durable_objects.bindings]]), SQLite-backed.
    durableObjects: { OTTEDGE_STATE: { className: 'StateObject', useSQLite: true } },
    cf,
    host,
    port,
    handleStructuredLogs: onLog,
    // OTTEDGE_WORKERD_STDIO=1 shows workerd's own output (start-up failures).
    handleRuntimeStdio: process.env.OTTEDGE_WORKERD_STDIO
      ? (out, err) => {
          out.pipe(process.stderr);
          err.pipe(process.stderr);
        }
      : undefined,
  });
  const ready = await mf.ready;
  const store = await mf.getKVNamespace('OTTEDGE_KV');
  for (const [k, v] of Object.entries(kv)) await store.put(k, typeof v === 'string' ? v : JSON.stringify(v));
  const url = ready.origin || `http://${host}:${port}`;
  return {
    url,
    mf,
    kv: store,
    logs,
    fetch: (u, init = {}) => mf.dispatchFetch(new URL(u, url).toString(), init),
    close: () => mf.dispose(),
  };
}
