// Steering health probes under workerd (the Cloudflare build, Miniflare), written for ottedge:
// `steering.probe` races each probe `fetch` against its timeout (AbortController + timer in
// edge/cloudflare/src/platform.rs). Two pathways rank above the edge itself: one accepts TCP
// connections and never answers, one refuses them. The steering answer must put the edge's
// own pathway first, name both in the log line's `probe_down`, and come back within the
// probe timeouts rather than hang on the silent one.

import assert from 'node:assert/strict';
import net from 'node:net';
import { test } from 'node:test';
import { freePort, startWorkerd, testConfig } from './edges.mjs';

test('workerd: a silent pathway times out, a refusing one fails, the steering answer moves on', async () => {
  const sockets = [];
  const silent = net.createServer((s) => sockets.push(s)); // accepts, never answers
  await new Promise((r) => silent.listen(0, '127.0.0.1', r));
  const refused = await freePort(); // nothing listens there
  const port = await freePort();
  const config = testConfig();
  config.pathways = [
    { id: 'silent', base_url: `http://127.0.0.1:${silent.address().port}`, weight: 30 },
    { id: 'refused', base_url: `http://127.0.0.1:${refused}`, weight: 20 },
    { id: 'cloudflare', base_url: `http://127.0.0.1:${port}`, weight: 10 },
  ];
  config.steering = { ttl_s: 5, probe: { timeout_ms: 400, cache_ms: 0 } };
  const edge = await startWorkerd({ originUrl: 'http://127.0.0.1:9', config, port });
  try {
    const started = Date.now();
    const res = await edge.fetch('/v1/steer/demo.json');
    const elapsed = Date.now() - started;
    assert.equal(res.status, 200);
    const manifest = await res.json();
    assert.deepEqual(manifest['PATHWAY-PRIORITY'], ['cloudflare', 'silent', 'refused']);
    assert.ok(elapsed >= 400, `answered in ${elapsed} ms: the silent pathway's probe cannot have timed out`);
    assert.ok(elapsed < 3000, `answered in ${elapsed} ms: the probe timeout (400 ms) did not hold`);
    const line = edge.logs.find((l) => l.path === '/v1/steer/demo.json');
    assert.ok(line, 'no log line for the steering request');
    assert.deepEqual(line.probe_down, ['silent', 'refused']);
    assert.equal(line.pathway, 'cloudflare');
    console.log(JSON.stringify({ probe: 'workerd', elapsed_ms: elapsed, priority: manifest['PATHWAY-PRIORITY'], probe_down: line.probe_down }));
  } finally {
    await edge.close();
    for (const s of sockets) s.destroy();
    silent.close();
  }
});
