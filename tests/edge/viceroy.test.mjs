// Acceptance 2 + 3 of issue 4 through the Fastly build under Viceroy (written for ottedge).
// The viewer's country comes from Viceroy's geolocation table (root fastly.toml): the test
// picks it by binding the client socket to 127.0.0.1 (US/NY), .2 (DE), .3 (GB) or .4 (CA).

import http from 'node:http';
import { edgeMatrix } from './matrix.mjs';
import { startViceroy, testConfig } from './edges.mjs';

export const LOOPBACK = { US: '127.0.0.1', DE: '127.0.0.2', GB: '127.0.0.3', CA: '127.0.0.4' };

function request(base, p, { country = 'US', headers = {} } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(new URL(p, base), { headers, localAddress: LOOPBACK[country] }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

edgeMatrix('Viceroy (Fastly build)', async ({ originUrl }) => {
  const edge = await startViceroy({ originUrl, config: testConfig() });
  return { ...edge, request: (p, opts) => request(edge.url, p, opts) };
});
