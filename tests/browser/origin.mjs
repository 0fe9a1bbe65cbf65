// Start an origin over a content root for the browser tests (written for ottedge).
// With env OTTEDGE_BIN (e.g. target/debug/ottedge) it runs the project's own
// `ottedge origin --root DIR --listen 127.0.0.1:PORT`; otherwise the small node server in
// static_server.mjs. Either way resolves to `{ url, kind, close() }`.

import { spawn } from 'node:child_process';
import net from 'node:net';
import { serveDir } from './static_server.mjs';

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function waitUp(url, child, probe, ms) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`ottedge origin exited with ${child.exitCode}`);
    try {
      const r = await fetch(`${url}/${probe}`, { method: 'HEAD' });
      if (r.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`ottedge origin did not answer on ${url} within ${ms} ms`);
}

/** `probe`: a path under root to poll until the server answers (default: healthz). */
export async function startOrigin(root, { probe = 'healthz', bin = process.env.OTTEDGE_BIN } = {}) {
  if (!bin) {
    const s = await serveDir(root);
    return { url: s.url, kind: 'node static server', close: s.close };
  }
  const port = await freePort();
  const child = spawn(bin, ['origin', '--root', root, '--listen', `127.0.0.1:${port}`], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (c) => {
    stderr = (stderr + c).slice(-4000);
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitUp(url, child, probe, 20000);
  } catch (e) {
    child.kill('SIGTERM');
    throw new Error(`${e.message}\n${stderr}`);
  }
  return {
    url,
    kind: `${bin} origin`,
    close: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
