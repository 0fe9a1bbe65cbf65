// The published edge config schema (docs/config.schema.json) against the edge's own validator
// (`ottedge edge validate-config`, edge/core/src/config/), written for ottedge. Ajv (npm
// `ajv`, JSON Schema 2020-12) is the independent reader of the schema. Every config the
// project ships must pass both; every broken document below must fail both, so the schema
// operators read cannot drift from what the edge enforces.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import Ajv2020 from 'ajv/dist/2020.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = process.env.OTTEDGE_BIN || path.join(ROOT, 'target/debug/ottedge');
const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'docs/config.schema.json'), 'utf8'));
const ajv = new Ajv2020({ allErrors: true, strict: false });
const schemaValid = ajv.compile(schema);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ottedge-schema-'));

/** `ottedge edge validate-config` on `doc`: `{ ok, output }`. */
function edgeValidates(doc, name) {
  const file = path.join(tmp, `${name.replace(/[^a-z0-9]+/gi, '_')}.json`);
  fs.writeFileSync(file, typeof doc === 'string' ? doc : JSON.stringify(doc));
  try {
    return { ok: true, output: execFileSync(BIN, ['edge', 'validate-config', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }) };
  } catch (e) {
    return { ok: false, output: `${e.stdout}${e.stderr}` };
  }
}

/** The config JSON inside wrangler.toml's `OTTEDGE_CONFIG = '''…'''`. */
function wranglerConfig() {
  const toml = fs.readFileSync(path.join(ROOT, 'wrangler.toml'), 'utf8');
  const m = toml.match(/^OTTEDGE_CONFIG = '''\n([\s\S]*?)\n'''/m);
  assert.ok(m, 'wrangler.toml has no OTTEDGE_CONFIG literal string');
  return JSON.parse(m[1]);
}

const shipped = {
  'testdata/edge/config.json': () => JSON.parse(fs.readFileSync(path.join(ROOT, 'testdata/edge/config.json'), 'utf8')),
  'wrangler.toml OTTEDGE_CONFIG': wranglerConfig,
  'edge/fastly/local/config-store.json config': () => JSON.parse(JSON.parse(fs.readFileSync(path.join(ROOT, 'edge/fastly/local/config-store.json'), 'utf8')).config),
};

describe('docs/config.schema.json agrees with the edge validator', () => {
  for (const [name, load] of Object.entries(shipped)) {
    test(`shipped config ${name}: valid for both`, () => {
      const doc = load();
      assert.ok(schemaValid(doc), `schema: ${JSON.stringify(schemaValid.errors)}`);
      const edge = edgeValidates(doc, name);
      assert.ok(edge.ok, edge.output);
      assert.equal(JSON.parse(edge.output).valid, true);
    });
  }

  test('testdata/edge/config_invalid.json: invalid for both', () => {
    const doc = JSON.parse(fs.readFileSync(path.join(ROOT, 'testdata/edge/config_invalid.json'), 'utf8'));
    assert.equal(schemaValid(doc), false);
    const pointers = new Set(schemaValid.errors.map((e) => e.instancePath));
    for (const p of ['/version', '/url_signing/ttl_s', '/pathways/0/id', '/pathways/0/base_url']) {
      assert.ok(pointers.has(p), `schema does not flag ${p}: ${[...pointers]}`);
    }
    const edge = edgeValidates(doc, 'config_invalid');
    assert.equal(edge.ok, false);
    for (const p of ['/version', '/url_signing/ttl_s', '/pathways/0/id', '/pathways/0/base_url']) {
      assert.ok(edge.output.includes(`${p}: `), `validator does not flag ${p}: ${edge.output}`);
    }
  });

  // One broken member at a time on top of the valid fixture: [pointer, value] (undefined deletes).
  const mutations = [
    ['/version', 2],
    ['/extra', true],
    ['/url_signing/ttl_s', 0],
    ['/url_signing', undefined],
    ['/pathways/0/base_url', 'https://cdn.example/'],
    ['/pathways/0/id', 'a b'],
    ['/pathways/0/weight', -1],
    ['/steering/ttl_s', 'soon'],
    ['/steering/probe', { timeout_ms: 0 }],
    ['/steering/probe', { timeout_ms: 10001 }],
    ['/steering/probe', { path: 'healthz' }],
    ['/steering/probe', { path: '/healthz?x=1' }],
    ['/steering/probe', { cache_ms: 3600001 }],
    ['/steering/probe', { every_s: 5 }],
    ['/steering/extra', 1],
    ['/streams/default_max', 4294967296],
    ['/jwt/jwks_refresh_s', 0],
    ['/outbound/allow_hosts', 'ads.example.com'],
    ['/outbound/allow_hosts', ['']],
    ['/outbound/allow_hosts', ['http://ads.example.com']],
    ['/outbound/allow_hosts', ['Ads.example.com']],
    ['/outbound/allow_hosts', ['ads.example.com:0']],
    ['/outbound/allow_hosts', ['169.254.169.254']],
    ['/outbound/allow_hosts', ['[fd00:ec2::254]:80']],
    ['/outbound/allow_hosts', ['metadata.google.internal']],
    ['/outbound/allow_hosts', ['*.internal']],
    ['/outbound/extra', 1],
    ['/log/sink_url', 'ftp://logs.example.com/'],
    ['/log/sink_url', 'http://169.254.169.254/latest/meta-data'],
    ['/log/sink_url', 'http://metadata/computeMetadata/v1'],
    ['/log/sink_url', 'http://user@logs.example.com/'],
    ['/log/extra', 1],
  ];
  for (const [pointer, value] of mutations) {
    test(`${pointer} = ${JSON.stringify(value)}: invalid for both`, () => {
      const doc = shipped['testdata/edge/config.json']();
      const keys = pointer.split('/').slice(1);
      let at = doc;
      for (const k of keys.slice(0, -1)) at = at[k] ??= {};
      if (value === undefined) delete at[keys.at(-1)];
      else at[keys.at(-1)] = value;
      assert.equal(schemaValid(doc), false, `the schema accepts ${pointer} = ${JSON.stringify(value)}`);
      const edge = edgeValidates(doc, pointer);
      assert.equal(edge.ok, false, `the edge accepts ${pointer} = ${JSON.stringify(value)}`);
    });
  }

  test('valid probe settings: valid for both', () => {
    const doc = shipped['testdata/edge/config.json']();
    doc.steering.probe = { path: '/status/edge', timeout_ms: 10000, cache_ms: 0 };
    assert.ok(schemaValid(doc), JSON.stringify(schemaValid.errors));
    assert.ok(edgeValidates(doc, 'probe_ok').ok);
  });

  test('outbound, log and jwks_refresh_s: valid for both', () => {
    const doc = shipped['testdata/edge/config.json']();
    doc.outbound = { allow_hosts: ['127.0.0.1:9000', 'ads.example.com', '*.example.net', '[::1]:9000'] };
    doc.log = { sink_url: 'http://127.0.0.1:9000/log' };
    doc.jwt.jwks_refresh_s = 1;
    assert.ok(schemaValid(doc), JSON.stringify(schemaValid.errors));
    const edge = edgeValidates(doc, 'outbound_ok');
    assert.ok(edge.ok, edge.output);
  });
});
