// Assertions on the harness's play reports (tests/browser/play.mjs), shared by the browser,
// e2e, edge and license suites. Written for ottedge.

import assert from 'node:assert/strict';

/** A report for an assertion message: everything but the request list (counted) and long console. */
export const explain = (r) => JSON.stringify({ ...r, requests: (r.requests || []).length, console: (r.console || []).slice(0, 5) });

/**
 * Played for real: not timed out, 0 player errors, at least `minPlayed` seconds, decoded
 * frames, and (unless `failedRequests: false`) no failed request.
 */
export function assertPlayed(r, minPlayed, { failedRequests = true } = {}) {
  assert.equal(r.timed_out, false, `timed out: ${explain(r)}`);
  assert.deepEqual(r.player_errors, [], `player errors: ${explain(r)}`);
  assert.ok(r.seconds_played >= minPlayed, `played only ${r.seconds_played}s: ${explain(r)}`);
  assert.ok(r.frames_decoded > 0, `no frames decoded: ${explain(r)}`);
  if (failedRequests) assert.deepEqual(r.failed_requests, [], `failed requests: ${explain(r)}`);
}

/** The sampled pixel is `expected` ([r, g, b]) within `tolerance` per channel. */
export function assertColour(r, expected, tolerance) {
  assert.ok(Array.isArray(r.pixel), `no pixel sampled: ${explain(r)}`);
  const hex = expected.map((c) => c.toString(16).padStart(2, '0')).join('').toUpperCase();
  for (let c = 0; c < 3; c++) {
    assert.ok(Math.abs(r.pixel[c] - expected[c]) <= tolerance, `pixel ${JSON.stringify(r.pixel)} is not #${hex} ±${tolerance}`);
  }
}

/** A wrong key: a fatal PIPELINE_ERROR_DECODE, and less than `maxPlayed` seconds played. */
export function assertDecodeFailure(r, maxPlayed) {
  assert.ok(r.player_errors.some((e) => e.fatal), `no fatal error: ${explain(r)}`);
  const text = JSON.stringify(r.player_errors) + JSON.stringify(r.media_error);
  assert.match(text, /PIPELINE_ERROR_DECODE/, `not a decode error: ${explain(r)}`);
  assert.ok(r.seconds_played < maxPlayed, `wrong key still played ${r.seconds_played}s`);
}
