// Differential test: `ottedge hls inspect` against hls.js's own M3U8Parser (the parser the
// player runs), for every playlist in testdata/hls/ and every golden output of the edit tests
// (shared/hls/tests/golden/, which carry EXT-X-CONTENT-STEERING and PATHWAY-IDs).
//
// Compared: kind, segment count, media sequence numbers, URIs (ours resolved against the same
// base URL), durations, discontinuity counters (cc), byte ranges, program date times given in
// the playlist, keys, init segments, CUE tags, DATERANGEs (ids, class, start date,
// duration/planned duration, SCTE35 attributes), variant and I-frame variant URIs, bandwidths,
// resolutions and PATHWAY-IDs, renditions, content steering.
//
// Where hls.js deliberately reads a file differently, EXPECTED below names the file, says why,
// and asserts the exact difference — so the test fails if either side changes.
//
// Run from the repository root: `node --test tests/oracles/`. The ottedge binary comes from
// $OTTEDGE_BIN (default target/debug/ottedge).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
// hls.js's dist touches `self` when loaded; node has none.
globalThis.self ??= globalThis;
const { M3U8Parser, PlaylistLevelType } = await import(pathToFileURL(path.join(here, 'node_modules/hls.js/dist/hls.mjs')).href);

const BIN = process.env.OTTEDGE_BIN || path.join(root, 'target/debug/ottedge');
// Deep enough that `../../../../hls/x.ts` stays below the origin: there url-toolkit (hls.js) and
// WHATWG URL (ours, below) agree; above the root they normalise differently.
const BASE = 'https://origin.example.com/a/b/c/d/e/playlist.m3u8';
const resolve = (uri) => (uri == null ? null : new URL(uri, BASE).href);
// url-toolkit keeps `https://host` without the root slash WHATWG URL adds; same URL.
const norm = (url) => (url == null || url === '' ? null : new URL(url).href);

const dirs = [path.join(root, 'testdata/hls'), path.join(root, 'shared/hls/tests/golden')];
const files = dirs.flatMap((d) =>
  fs.readdirSync(d).filter((f) => f.endsWith('.m3u8')).sort().map((f) => path.join(d, f)));

function inspect(file) {
  const out = execFileSync(BIN, ['hls', 'inspect', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return JSON.parse(out);
}

// ---- expected differences, per file ---------------------------------------------------------
// `adjust(ours, hls, text)` asserts the difference exactly, then rewrites `ours` to what hls.js
// reports so the generic comparison can check everything else. Returning 'compared' means the
// function itself compared everything that can be compared for that file.
const EXPECTED = {
  'globo_gap_in_parts_playlist.m3u8': {
    why: 'No EXTINF or EXT-X-TARGETDURATION, so hls.js isMediaPlaylist() is false and its '
      + 'multivariant parser finds no levels. ottedge sees EXT-X-PART tags: a media playlist with '
      + 'no complete segment and three parts of the segment in progress (one a GAP).',
    adjust(ours, text) {
      assert.equal(M3U8Parser.isMediaPlaylist(text), false);
      assert.equal(M3U8Parser.parseMasterPlaylist(text, BASE).levels.length, 0);
      assert.equal(ours.kind, 'media');
      assert.equal(ours.segments.length, 0);
      assert.deepEqual(ours.parts.map((p) => [resolve(p.uri), p.duration, p.gap]), [
        [resolve('filePart271.a.ts'), 1, false],
        [resolve('filePart271.b.ts'), 1, true],
        [resolve('filePart271.c.ts'), 1, false],
      ]);
      return 'compared';
    },
  },
  'globo_version_playlist.m3u8': {
    why: 'Only #EXT-X-VERSION: hls.js tries it as a multivariant playlist (no levels); ottedge '
      + 'calls a playlist without variant or segment tags an empty media playlist.',
    adjust(ours, text) {
      assert.equal(M3U8Parser.isMediaPlaylist(text), false);
      assert.equal(M3U8Parser.parseMasterPlaylist(text, BASE).levels.length, 0);
      assert.equal(ours.kind, 'media');
      assert.equal(ours.version, 4);
      assert.equal(ours.segments.length, 0);
      return 'compared';
    },
  },
  'globo_iptv_playlist_with_custom_tags.m3u8': {
    why: 'IPTV "extended M3U": #EXTINF:-1 tvg-id="…",Title. hls.js\'s EXTINF regex needs a '
      + 'non-negative number, so it takes the rest of the line as a segment URI and reads two '
      + 'fragments. ottedge reads one segment of duration -1 titled "Channel1".',
    adjust(ours, text) {
      const d = M3U8Parser.parseLevelPlaylist(text, BASE, 0, PlaylistLevelType.MAIN, 0, null);
      assert.equal(d.fragments.length, 2);
      assert.ok(d.fragments[0].relurl.startsWith('-1 timeshift="0"'));
      assert.equal(d.fragments[1].url, 'http://str00.iptv.domain/7331/mpegts?token=longtokenhere');
      assert.equal(ours.segments.length, 1);
      const [s] = ours.segments;
      assert.deepEqual([s.uri, s.duration, s.title], ['http://str00.iptv.domain/7331/mpegts?token=longtokenhere', -1, 'Channel1']);
      return 'compared';
    },
  },
  'globo_simple_playlist_messy.m3u8': {
    why: 'A stray "JUNK" line after the segment: both read it as a segment URI; hls.js gives it '
      + 'duration 0, ottedge null (no EXTINF) and lists it under problems.',
    adjust(ours) {
      const junk = ours.segments[1];
      assert.equal(junk.uri, 'JUNK');
      assert.equal(junk.duration, null);
      assert.ok(ours.problems.some((p) => p.line === 5 && /no EXTINF/.test(p.message)));
      junk.duration = 0;
    },
  },
  'globo_iframe_playlist.m3u8': {
    why: 'For byte-range addressed MPEG-TS I-frame segments hls.js invents an init segment (the '
      + 'first min(offset, 7 x 188) bytes, for the PAT/PMT) that is not in the playlist; ottedge '
      + 'reports only the EXT-X-MAP the playlist has (none).',
    fragment(f, s, ours) {
      assert.equal(s.map, null);
      // One invented init segment per discontinuity, cut from the first segment's resource.
      const first = ours.segments[0];
      assert.equal(norm(f.initSegment.url), resolve(first.uri));
      assert.deepEqual(f.initSegment.byteRange, [0, Math.min(first.byterange.offset, 7 * 188)]);
      f.initSegment = null;
    },
  },
  'globo_low_latency_with_preload_and_byteranges_playlist.m3u8': {
    why: 'hls.js folds the three trailing EXT-X-PARTs into a fragment hint; ottedge lists them as '
      + 'the parts of the segment in progress. Complete segments agree.',
    adjust(ours) {
      assert.deepEqual(ours.parts.map((p) => [p.byterange.length, p.byterange.offset]),
        [[20000, 0], [23000, 20000], [18000, 43000]]);
    },
  },
};

// Facts every hls.js view is checked against, collected for the summary line.
let compared = 0;
let segmentsCompared = 0;
let variantsCompared = 0;
let daterangesCompared = 0;

function compareMedia(name, ours, text) {
  const d = M3U8Parser.parseLevelPlaylist(text, BASE, 0, PlaylistLevelType.MAIN, 0, null);
  // Delta updates (EXT-X-SKIP) leave nulls for the skipped segments.
  const frags = d.fragments.filter(Boolean);
  assert.equal(ours.segments.length, frags.length, `${name}: segment count`);
  assert.equal(ours.media_sequence ?? 0, d.startSN, `${name}: media sequence`);
  assert.equal(ours.discontinuity_sequence ?? 0, d.startCC, `${name}: discontinuity sequence`);
  assert.equal(ours.target_duration ?? 0, d.targetduration, `${name}: target duration`);
  assert.equal(ours.end_list, !d.live, `${name}: endlist`);
  ours.segments.forEach((s, i) => {
    const f = frags[i];
    const at = `${name}: segment ${i} (line ${s.line})`;
    EXPECTED[name]?.fragment?.(f, s, ours);
    assert.equal(s.media_sequence, f.sn, `${at}: sn`);
    assert.equal(resolve(s.uri), norm(f.url), `${at}: uri`);
    assert.equal(s.duration, f.duration, `${at}: duration`);
    assert.equal(s.discontinuity_sequence, f.cc, `${at}: cc`);
    if (s.byterange) {
      assert.deepEqual([s.byterange.offset, s.byterange.offset + s.byterange.length], f.byteRange, `${at}: byterange`);
    } else {
      assert.deepEqual(f.byteRange, [], `${at}: no byterange`);
    }
    if (s.program_date_time !== null) {
      assert.equal(Date.parse(s.program_date_time), f.programDateTime, `${at}: program date time`);
    }
    assert.equal(s.gap, !!f.gap, `${at}: gap`);
    assert.equal(resolve(s.map?.uri), norm(f.initSegment?.url), `${at}: init segment`);
    if (s.map?.byterange) {
      const b = s.map.byterange;
      assert.deepEqual([b.offset, b.offset + b.length], f.initSegment.byteRange, `${at}: init byterange`);
    }
    const hlsKeys = Object.values(f.levelkeys ?? {}).map((k) => [k.keyFormat, k.method, norm(k.uri)]).sort();
    const ourKeys = s.keys.map((k) => [k.keyformat, k.method, resolve(k.uri)]).sort();
    assert.deepEqual(ourKeys, hlsKeys, `${at}: keys`);
    // hls.js keeps vendor tags in the fragment's tagList; the last CUE tag decides the state.
    const cueTags = f.tagList.map((t) => t[0]).filter((t) => /^EXT-X-CUE-(OUT|OUT-CONT|SPAN|IN)$/.test(t));
    const last = cueTags.at(-1);
    const expected = { 'EXT-X-CUE-OUT': 'out', 'EXT-X-CUE-OUT-CONT': 'cont', 'EXT-X-CUE-SPAN': 'cont', 'EXT-X-CUE-IN': 'in' }[last] ?? null;
    const explicit = s.cue && s.cue.line !== null ? s.cue.state : null;
    assert.equal(explicit, expected, `${at}: cue tag`);
    const oatcls = f.tagList.filter((t) => t[0] === 'EXT-OATCLS-SCTE35').map((t) => t[1]).at(-1);
    if (oatcls) assert.equal(s.cue?.scte35, oatcls, `${at}: OATCLS SCTE-35`);
    segmentsCompared++;
  });
  compareDateRanges(name, ours, d);
}

function compareDateRanges(name, ours, d) {
  // hls.js merges DATERANGE tags that share an ID (e.g. SCTE35-OUT, then SCTE35-IN); merge ours
  // the same way: later attributes win, absent ones keep the earlier value.
  const merged = {};
  for (const r of ours.dateranges) {
    const m = (merged[r.id] ??= {});
    for (const [k, v] of Object.entries(r)) if (v !== null && k !== 'line') m[k] = v;
  }
  assert.deepEqual(Object.keys(merged).sort(), Object.keys(d.dateRanges).sort(), `${name}: daterange ids`);
  for (const [id, h] of Object.entries(d.dateRanges)) {
    const o = merged[id];
    const at = `${name}: DATERANGE ${id}`;
    assert.equal(o.class ?? undefined, h.class, `${at}: class`);
    const start = h.startDate.getTime();
    if (Number.isNaN(start)) assert.equal(o.start_date, undefined, `${at}: no start date`);
    else assert.equal(Date.parse(o.start_date), start, `${at}: start date`);
    const num = (v) => (v === undefined ? undefined : parseFloat(v));
    assert.equal(o.duration, num(h.attr.DURATION), `${at}: duration`);
    assert.equal(o.planned_duration, num(h.attr['PLANNED-DURATION']), `${at}: planned duration`);
    assert.equal(o.scte35_out, h.attr['SCTE35-OUT'], `${at}: SCTE35-OUT`);
    assert.equal(o.scte35_in, h.attr['SCTE35-IN'], `${at}: SCTE35-IN`);
    assert.equal(o.scte35_cmd, h.attr['SCTE35-CMD'], `${at}: SCTE35-CMD`);
    for (const attr of h.attr.clientAttrs ?? []) {
      assert.equal(o.client_attributes[attr], h.attr[attr], `${at}: ${attr}`);
    }
    daterangesCompared++;
  }
}

function compareMultivariant(name, ours, text) {
  const p = M3U8Parser.parseMasterPlaylist(text, BASE);
  const variants = ours.variants.filter((v) => v.uri !== null);
  assert.equal(variants.length, p.levels.length, `${name}: variant count`);
  const bitrate = (v) => v.bandwidth || v.average_bandwidth || NaN;
  variants.forEach((v, i) => {
    const l = p.levels[i];
    const at = `${name}: variant ${i} (line ${v.line})`;
    assert.equal(resolve(v.uri), norm(l.url), `${at}: uri`);
    assert.ok(Object.is(bitrate(v), l.bitrate), `${at}: bandwidth ${bitrate(v)} vs ${l.bitrate}`);
    assert.equal(v.pathway_id, l.attrs['PATHWAY-ID'] ?? null, `${at}: PATHWAY-ID`);
    assert.equal(v.resolution?.width, l.width, `${at}: width`);
    assert.equal(v.resolution?.height, l.height, `${at}: height`);
    assert.equal(v.audio, l.attrs.AUDIO ?? null, `${at}: AUDIO`);
    assert.equal(v.subtitles, l.attrs.SUBTITLES ?? null, `${at}: SUBTITLES`);
    variantsCompared++;
  });
  assert.equal(ours.i_frame_variants.length, p.iframeVariants.length, `${name}: I-frame variant count`);
  ours.i_frame_variants.forEach((v, i) => {
    const l = p.iframeVariants[i];
    const at = `${name}: I-frame variant ${i} (line ${v.line})`;
    assert.equal(resolve(v.uri), norm(l.url), `${at}: uri`);
    assert.ok(Object.is(bitrate(v), l.bitrate), `${at}: bandwidth ${bitrate(v)} vs ${l.bitrate}`);
    assert.equal(v.pathway_id, l.attrs['PATHWAY-ID'] ?? null, `${at}: PATHWAY-ID`);
    variantsCompared++;
  });
  if (ours.content_steering) {
    const cs = p.contentSteering;
    assert.deepEqual({ uri: norm(cs?.uri), pathwayId: cs?.pathwayId }, {
      uri: resolve(ours.content_steering.server_uri),
      pathwayId: ours.content_steering.pathway_id ?? '.',
    }, `${name}: content steering`);
  } else {
    assert.equal(p.contentSteering, null, `${name}: no content steering`);
  }
  const media = M3U8Parser.parseMasterPlaylistMedia(text, BASE, p);
  const hlsMedia = Object.values(media).flat().sort((a, b) => a.id - b.id)
    .map((m) => [m.type, m.groupId, m.name, norm(m.url), m.default, m.autoselect, m.forced]);
  const ourMedia = ours.media.map((m) => [m.type, m.group_id, m.name, resolve(m.uri), m.default, m.autoselect, m.forced]);
  assert.deepEqual(ourMedia, hlsMedia, `${name}: renditions`);
}

for (const file of files) {
  const name = path.basename(file);
  test(`hls.js agrees with ottedge on ${path.relative(root, file)}`, () => {
    const text = fs.readFileSync(file, 'utf8');
    const ours = inspect(file);
    const expected = EXPECTED[name];
    if (expected) {
      assert.ok(expected.why.length > 20, 'every expected difference says why');
      if (expected.adjust?.(ours, text) === 'compared') {
        compared++;
        return;
      }
    }
    const hlsKind = M3U8Parser.isMediaPlaylist(text) ? 'media' : 'multivariant';
    assert.equal(ours.kind, hlsKind, `${name}: kind`);
    if (ours.kind === 'media') compareMedia(name, ours, text);
    else compareMultivariant(name, ours, text);
    compared++;
  });
}

test('`ottedge hls roundtrip` prints every playlist back byte for byte (CRLF and no final newline too)', () => {
  const tmp = fs.mkdtempSync(path.join(fs.realpathSync(process.env.TMPDIR || '/tmp'), 'ottedge-hls-'));
  try {
    for (const file of files) {
      const bytes = fs.readFileSync(file);
      const crlf = Buffer.from(bytes.toString('utf8').replace(/\n/g, '\r\n').replace(/\r\n$/, ''));
      const variant = path.join(tmp, 'crlf.m3u8');
      fs.writeFileSync(variant, crlf);
      for (const [f, want] of [[file, bytes], [variant, crlf]]) {
        const out = execFileSync(BIN, ['hls', 'roundtrip', f], { stdio: ['ignore', 'pipe', 'pipe'] });
        assert.ok(out.equals(want), `${path.basename(file)}: roundtrip output differs`);
      }
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

test('`ottedge hls` errors name the file and the line', () => {
  const tmp = fs.mkdtempSync(path.join(fs.realpathSync(process.env.TMPDIR || '/tmp'), 'ottedge-hls-'));
  try {
    const cases = [
      ['not-a-playlist.m3u8', '<html>\n', /not-a-playlist\.m3u8.*line 1: EXTM3U/s],
      ['bad-extinf.m3u8', '#EXTM3U\n#EXT-X-TARGETDURATION:6\n#EXTINF:six,\na.ts\n', /bad-extinf\.m3u8.*line 3: EXTINF/s],
      ['mixed.m3u8', '#EXTM3U\n#EXTINF:6,\na.ts\n#EXT-X-STREAM-INF:BANDWIDTH=1\nb.m3u8\n', /mixed\.m3u8.*line 4: EXT-X-STREAM-INF/s],
    ];
    for (const [name, text, re] of cases) {
      const f = path.join(tmp, name);
      fs.writeFileSync(f, text);
      const sub = name === 'bad-extinf.m3u8' ? ['inspect'] : ['inspect', 'roundtrip'];
      for (const cmd of sub) {
        let err;
        try {
          execFileSync(BIN, ['hls', cmd, f], { stdio: ['ignore', 'pipe', 'pipe'] });
        } catch (e) {
          err = e;
        }
        assert.ok(err, `${cmd} ${name} should fail`);
        assert.notEqual(err.status, 0);
        assert.match(err.stderr.toString(), re, `${cmd} ${name}`);
      }
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

test('every expected difference names a file that exists', () => {
  const names = new Set(files.map((f) => path.basename(f)));
  for (const name of Object.keys(EXPECTED)) assert.ok(names.has(name), name);
});

test('summary', () => {
  console.log(`hls.js differential: ${compared}/${files.length} playlists compared `
    + `(${segmentsCompared} segments, ${variantsCompared} variants, ${daterangesCompared} dateranges; `
    + `${Object.keys(EXPECTED).length} with a named expected difference)`);
  assert.equal(compared, files.length);
});
