#!/usr/bin/env node
// Regenerates testdata/media/ (written for ottedge): a 4 s 320x180 clip, solid #E0781E with the
// testsrc2 pattern in the top-left quarter and a 440 Hz tone, made by static ffmpeg 8.1 (libx264,
// 120 kb/s), packaged by Shaka Packager v3.8.0 as CMAF HLS + DASH, clear/ and cbcs/ (TEST_KEY in media.mjs).
// Usage: node tests/browser/make_media_fixtures.mjs   (after tests/browser/setup.sh)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeClip, packageClip, TEST_KEY } from './media.mjs';

const OUT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'testdata', 'media');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ottedge-media-'));
try {
  const src = makeClip(tmp, { seconds: 4, width: 320, height: 180, colour: 'E0781E', gop: 50, videoKbps: 120 });
  for (const [dir, encrypt] of [['clear', null], ['cbcs', TEST_KEY]]) {
    fs.rmSync(path.join(OUT, dir), { recursive: true, force: true });
    // Relative paths so the playlists and the MPD reference segments relative to themselves.
    const cwd = process.cwd();
    fs.mkdirSync(OUT, { recursive: true });
    process.chdir(OUT);
    try {
      packageClip(src, dir, { encrypt });
    } finally {
      process.chdir(cwd);
    }
  }
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
console.log(`wrote ${OUT}`);
