// Differential test: `ottedge vast inspect` against @dailymotion/vast-client 6.4.5 (the VAST
// parser of many web players), on every IAB Tech Lab sample in testdata/vast/.
//
// Compared per ad: id, sequence, kind (wrapper: the VASTAdTagURI), impression and error URLs;
// per Linear creative: id, adId, sequence, duration, skip offset, every media file (URL, MIME
// type, size, bitrate, delivery, codec) and every tracking event with its URLs (progress
// events keyed `progress-<s>` / `progress-<n>%` on both sides). vast-client reads each file with
// `parseVastXml` (one response, wrappers not fetched) and `allowMultipleAds: true`.
//
// Run from the repository root: `node --test tests/oracles/` ($OTTEDGE_BIN, default
// target/debug/ottedge).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { DOMParser } from '@xmldom/xmldom';
import { VASTParser } from '@dailymotion/vast-client';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const BIN = process.env.OTTEDGE_BIN || path.join(root, 'target/debug/ottedge');
const dir = path.join(root, 'testdata/vast');
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.xml')).sort();

// vast-client keeps @sequence as the attribute's text.
const num = (v) => (v === undefined || v === null || v === '' ? null : Number(v));

/** vast-client's view, in the shape `ottedge vast inspect` prints. */
function theirs(xml) {
  const doc = new DOMParser().parseFromString(xml, 'text/xml');
  // parseVastXml reads one response without following wrappers (parseVAST would fetch them).
  const ads = new VASTParser().parseVastXml(doc, { isRootVAST: true, allowMultipleAds: true });
  return ads.map((ad) => ({
    id: ad.id,
    sequence: num(ad.sequence),
    kind: ad.nextWrapperURL ? 'wrapper' : 'inline',
    wrapper_uri: ad.nextWrapperURL ?? null,
    impressions: ad.impressionURLTemplates.map((i) => i.url),
    errors: ad.errorURLTemplates,
    creatives: ad.creatives.filter((c) => c.type === 'linear').map((c) => ({
      id: c.id ?? null,
      ad_id: c.adId ?? null,
      sequence: num(c.sequence),
      duration_s: ad.nextWrapperURL ? null : c.duration,
      skip_s: c.skipDelay ?? null,
      media_files: c.mediaFiles.map((m) => ({
        url: m.fileURL, type: m.mimeType, width: m.width || null, height: m.height || null,
        bitrate: m.bitrate || null, delivery: m.deliveryType, codec: m.codec,
      })),
      tracking: Object.fromEntries(Object.entries(c.trackingEvents).filter(([, urls]) => urls.length)),
    })),
  }));
}

/** Ours, projected to the same shape. */
function ours(file) {
  const out = JSON.parse(execFileSync(BIN, ['vast', 'inspect', file], { encoding: 'utf8' }));
  return out.ads.map((ad) => ({
    id: ad.id,
    sequence: ad.sequence,
    kind: ad.kind,
    wrapper_uri: ad.wrapper_uri,
    impressions: ad.impressions,
    errors: ad.errors,
    creatives: ad.creatives.filter((c) => c.linear).map((c) => ({
      id: c.id, ad_id: c.ad_id, sequence: c.sequence, duration_s: c.duration_s,
      skip_s: c.skipoffset?.seconds ?? null,
      media_files: c.media_files.map((m) => ({ ...m, codec: m.codec ?? undefined, type: m.type ?? undefined, delivery: m.delivery ?? undefined })),
      tracking: c.tracking,
    })),
  }));
}

test(`${files.length} IAB VAST samples: ottedge and vast-client read the same ads`, async () => {
  assert.ok(files.length >= 30, `samples: ${files.length}`);
  let ads = 0;
  let media = 0;
  let events = 0;
  for (const f of files) {
    const file = path.join(dir, f);
    const a = ours(file);
    const b = theirs(fs.readFileSync(file, 'utf8'));
    assert.deepEqual(JSON.parse(JSON.stringify(a)), JSON.parse(JSON.stringify(b)), f);
    ads += a.length;
    for (const ad of a) for (const c of ad.creatives) {
      media += c.media_files.length;
      events += Object.values(c.tracking).flat().length;
    }
  }
  console.log(JSON.stringify({ files: files.length, ads, media_files: media, tracking_urls: events }));
  assert.ok(ads >= 30 && media >= 30 && events >= 100, 'the samples exercise ads, media files and tracking');
});
