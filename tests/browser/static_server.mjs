// A tiny static origin for the browser tests (written for ottedge): serves a directory on
// 127.0.0.1 with HLS/DASH/CMAF content types, CORS (the page runs on another port), single
// byte ranges and no caching. Stands in for `ottedge origin` until that binary is available.

import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';

export const CONTENT_TYPES = {
  '.m3u8': 'application/vnd.apple.mpegurl',
  '.mpd': 'application/dash+xml',
  '.mp4': 'video/mp4',
  '.m4s': 'video/iso.segment',
  '.m4v': 'video/mp4',
  '.m4a': 'audio/mp4',
  '.ts': 'video/mp2t',
  '.json': 'application/json',
};

/** Serve `root` on 127.0.0.1:0. Resolves to `{ url, port, hits, close() }`; `hits` lists request paths. */
export function serveDir(root) {
  const base = path.resolve(root);
  const hits = [];
  const server = http.createServer((req, res) => {
    const cors = {
      'access-control-allow-origin': '*',
      'access-control-allow-headers': '*',
      'access-control-expose-headers': 'content-length, content-range',
    };
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { ...cors, 'access-control-allow-methods': 'GET, HEAD, OPTIONS' });
      res.end();
      return;
    }
    const url = new URL(req.url, 'http://localhost');
    hits.push(url.pathname);
    let file;
    try {
      file = path.normalize(path.join(base, decodeURIComponent(url.pathname)));
    } catch {
      file = '';
    }
    if (!file.startsWith(base + path.sep)) {
      res.writeHead(404, cors);
      res.end();
      return;
    }
    fs.stat(file, (err, st) => {
      if (err || !st.isFile()) {
        res.writeHead(404, { ...cors, 'content-type': 'text/plain' });
        res.end('not found');
        return;
      }
      const headers = {
        ...cors,
        'content-type': CONTENT_TYPES[path.extname(file)] || 'application/octet-stream',
        'cache-control': 'no-store',
        'accept-ranges': 'bytes',
      };
      let start = 0;
      let end = st.size - 1;
      let status = 200;
      const m = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range || '');
      if (m && (m[1] || m[2])) {
        if (m[1]) {
          start = Number(m[1]);
          if (m[2]) end = Math.min(end, Number(m[2]));
        } else {
          start = Math.max(0, st.size - Number(m[2]));
        }
        if (start > end) {
          res.writeHead(416, { ...headers, 'content-range': `bytes */${st.size}` });
          res.end();
          return;
        }
        status = 206;
        headers['content-range'] = `bytes ${start}-${end}/${st.size}`;
      }
      headers['content-length'] = end - start + 1;
      res.writeHead(status, headers);
      if (req.method === 'HEAD') {
        res.end();
        return;
      }
      fs.createReadStream(file, { start, end }).pipe(res);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({ url: `http://127.0.0.1:${port}`, port, hits, close: () => new Promise((r) => server.close(r)) });
    });
  });
}
