// Issue 11, acceptance 1 (written for ottedge): a live channel through the edge's Wasm builds.
// `ottedge channel` (synthetic picture, the 2-rung small ladder, 2 s segments, a 60 s DVR
// window, an 8 s ad break every 20 s in --break-color) is the origin; the Fastly build under
// Viceroy and the Cloudflare build under workerd serve `/v1/live/ch1/…` with the same token,
// signing and steering rules as VOD. hls.js plays the sliding-window HLS and shaka-player the
// dynamic MPD, each ≥ 60 s in headless Chromium, with 0 player errors, ≤ 1 stall, and the
// playhead within 3 segment durations of the live edge (seekable end − currentTime, sampled
// every 100 ms while playing: mean bounded, max reported).

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test, before, after } from 'node:test';
import { launchHarness } from '../browser/play.mjs';
import { OTTEDGE_BIN, ROOT, freePort, liveConfig, mint, startLiveChannel, startOrigin, startViceroy, startWorkerd } from './edges.mjs';

const SEGMENT_S = 2;
const SECONDS = 60;

const startChannel = () => startLiveChannel({
  id: 'ch1',
  args: ['--ladder', path.join(ROOT, 'testdata/encoder/ladder-small.json'), '--segment-duration', String(SEGMENT_S),
    '--dvr-window', '60', '--break-every', '20', '--break-duration', '8', '--color', '2040C0', '--break-color', 'FFD000'],
});

const config = liveConfig('ch1');

describe('live channel through the edge (hls.js + shaka-player)', () => {
  let channel;
  let harness;
  before(async () => {
    channel = await startChannel();
    harness = await launchHarness();
  });
  after(async () => {
    await harness?.close();
    await channel?.close();
  });

  const token = () => mint({ assets: ['live/ch1'], tier: 'hd', ttl: 3600 });
  const cases = [
    ['viceroy', startViceroy, 'hlsjs', 'master.m3u8'],
    ['viceroy', startViceroy, 'shaka', 'manifest.mpd'],
    ['workerd', startWorkerd, 'hlsjs', 'master.m3u8'],
    ['workerd', startWorkerd, 'shaka', 'manifest.mpd'],
  ];
  for (const [runtime, start, player, manifest] of cases) {
    test(`${player} plays ${SECONDS} s of live ${manifest} under ${runtime}`, async () => {
      const edge = await start({ originUrl: channel.url, config, port: await freePort() });
      try {
        // hls.js starts 2 target durations from the live edge (its default is 3): the live
        // edge distance bound is 3 segment durations.
        const hlsConfig = player === 'hlsjs' ? { liveSyncDurationCount: 2 } : undefined;
        const url = `${edge.url}/v1/live/ch1/${manifest}?token=${token()}`;
        const report = await harness.play({ player, url, seconds: SECONDS, timeout: SECONDS + 60, hlsConfig });
        const summary = {
          runtime, player, seconds_played: report.seconds_played, stalls: report.stalls, errors: report.player_errors.length,
          live_edge_distance: report.live_edge_distance, live_edge_distance_mean: report.live_edge_distance_mean,
          live_edge_distance_max: report.live_edge_distance_max, frames_decoded: report.frames_decoded, reason: report.reason,
        };
        console.log(JSON.stringify(summary));
        assert.deepEqual(report.player_errors, [], '0 player errors');
        assert.ok(report.seconds_played >= SECONDS, `played ${report.seconds_played} s (${report.reason})`);
        assert.ok(report.stalls <= 1, `stalls: ${report.stalls}`);
        assert.equal(report.live, true, 'the player took it for live');
        // The distance saw-tooths by one segment as segments are published: the bound is on
        // its mean over the play (the max is reported).
        assert.ok(report.live_edge_distance_mean !== null && report.live_edge_distance_mean <= 3 * SEGMENT_S,
          `live edge distance mean ${report.live_edge_distance_mean} s (max ${report.live_edge_distance_max} s)`);
        const segments = edge.logs.filter((l) => /\/v1\/live\/ch1\/.*\.m4s$/.test(l.path || '') && l.status === 200);
        assert.ok(segments.length >= SECONDS / SEGMENT_S, `segments through the edge: ${segments.length}`);
        const late = channel.published.filter((p) => p.lateness_ms > SEGMENT_S * 1000);
        assert.deepEqual(late, [], 'every segment published within one segment duration of its end');
      } finally {
        await edge.close();
      }
    });
  }

  // Acceptance 4: the IAB creative conditioned into this channel's ladder plays in hls.js.
  test('the IAB creative conditioned like the channel plays in hls.js', async () => {
    const lib = fs.mkdtempSync(path.join(os.tmpdir(), 'ottedge-adlib-'));
    let origin;
    try {
      const line = execFileSync(OTTEDGE_BIN, ['ads', 'condition', '--input', path.join(ROOT, 'testdata/ads/iab-vast-4.0-short-intro.mp4'),
        '--like', channel.out, '--out', lib, '--id', 'iab-intro', '--url', 'https://ads.example/iab-intro.mp4'],
      { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim().split('\n').at(-1);
      const made = JSON.parse(line);
      const channelJson = JSON.parse(fs.readFileSync(path.join(channel.out, 'channel.json'), 'utf8'));
      assert.deepEqual(made.renditions.map((r) => [r.id, r.width, r.height, r.codecs]),
        channelJson.renditions.map((r) => [r.id, r.width, r.height, r.codecs]), 'the ladder of the channel');
      origin = await startOrigin(lib);
      const report = await harness.play({ player: 'hlsjs', url: `${origin.url}/iab-intro/master.m3u8`, seconds: 14, timeout: 60 });
      console.log(JSON.stringify({ creative: made.id, duration_s: made.duration_s, segments: made.segments, seconds_played: report.seconds_played, errors: report.player_errors.length, levels: report.levels }));
      assert.deepEqual(report.player_errors, [], '0 player errors');
      assert.ok(report.seconds_played >= 14, `played ${report.seconds_played} s (${report.reason})`);
      assert.deepEqual(report.levels.map((l) => [l.width, l.height, l.codecs]).sort(),
        channelJson.renditions.map((r) => [r.width, r.height, r.codecs]).sort(), 'hls.js sees the channel ladder');
    } finally {
      await origin?.close();
      fs.rmSync(lib, { recursive: true, force: true });
    }
  });
});
