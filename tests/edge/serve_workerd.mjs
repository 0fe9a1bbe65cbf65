// Serves the Cloudflare build (edge/cloudflare/build/index.js) under workerd via Miniflare on a
// fixed address until SIGTERM/SIGINT: the `ottedge dev --runtime workerd` runner (cli/src/dev_wasm.rs).
// Written for ottedge.
//
//   node tests/edge/serve_workerd.mjs --listen 127.0.0.1:8787 --origin http://127.0.0.1:8080 \
//     [--license http://127.0.0.1:8081] --config-file config.json [--secrets-file secrets.json] [--kv-file kv.json] [--country US]
//
// Prints one JSON line `{"listening": "http://…", "runtime": "workerd"}` once it answers;
// stops on SIGTERM/SIGINT or when its stdin (a pipe) closes.

import fs from 'node:fs';
import { startWorkerd } from './edges.mjs';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, a, i, all) => (a.startsWith('--') ? [...pairs, [a.slice(2), all[i + 1]]] : pairs), []),
);
const read = (f) => (f ? JSON.parse(fs.readFileSync(f, 'utf8')) : undefined);
if (!args.listen || !args.origin || !args['config-file']) {
  console.error('usage: serve_workerd.mjs --listen HOST:PORT --origin URL [--license URL] --config-file F [--secrets-file F] [--kv-file F] [--country CC]');
  process.exit(2);
}
const [host, port] = [args.listen.slice(0, args.listen.lastIndexOf(':')), Number(args.listen.slice(args.listen.lastIndexOf(':') + 1))];
const edge = await startWorkerd({
  originUrl: args.origin,
  licenseUrl: args.license || args.origin,
  config: read(args['config-file']),
  secrets: read(args['secrets-file']),
  kv: read(args['kv-file']) || {},
  cf: { country: args.country || 'US', clientAcceptEncoding: '' },
  host,
  port,
  logTo: (line) => process.stdout.write(`${line}\n`),
});
process.stdout.write(`${JSON.stringify({ listening: edge.url, runtime: 'workerd' })}\n`);
let closing = false;
const shutdown = async () => {
  if (closing) return;
  closing = true;
  await edge.close();
  process.exit(0);
};
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, shutdown);
// `ottedge dev` holds our stdin: when it closes (dev stopping, or killed), stop workerd too.
if (!process.stdin.isTTY) {
  process.stdin.on('end', shutdown);
  process.stdin.on('error', shutdown);
  process.stdin.resume();
}
