// ottedge browser harness page: plays one URL with hls.js, shaka-player or dash.js and reports
// what happened as JSON in `window.__harness.result` (the runner, play.mjs, waits for
// `window.__harness.done`). Written for ottedge.
//
// Config: `?config=<url-encoded JSON>` with
//   player        "hlsjs" | "shaka" | "dashjs"
//   url           manifest URL (HLS multivariant/media playlist or DASH MPD)
//   seconds       stop once currentTime advanced this far past the first `playing` (default 12)
//   timeout       give up after this many wall-clock seconds (default 60)
//   clearkey      {kid_hex: key_hex} static ClearKey keys (shaka drm.clearKeys, dash.js protData
//                 clearkeys; hls.js fetches them from license_url, which the runner points at its
//                 own tiny license endpoint when only static keys are given)
//   license_url   ClearKey license server URL (POST, W3C ClearKey JSON request / JWK set answer)
//   license_headers  {name: value} request headers for license requests (e.g. a viewer token)
//   pixel         [x, y]; each a number (video pixels) or "NN%" of the video's width/height
//   cmcd          true to make the player send CMCD (query mode)
//   hls_config    hls.js only: object merged over the page's hls.js config (e.g. {maxBufferLength: 4})

const LIB = '/__lib';
const video = document.getElementById('video');
const out = document.getElementById('out');

const state = {
  done: false,
  result: null,
  startTime: null,
  maxTime: 0,
  firstPlayingWall: null,
  stalls: 0,
  edgeSamples: [],
  errors: [],
  errorsDropped: 0,
  warnings: [],
  levels: [],
  bandwidths: [],
  fatal: false,
  reason: null,
};
window.__harness = state;

function log(msg) {
  out.textContent += msg + '\n';
}

function hexToBytes(hex) {
  const clean = hex.replace(/[^0-9a-fA-F]/g, '');
  const bytes = new Uint8Array(clean.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(clean.substr(i * 2, 2), 16);
  return bytes;
}

function b64url(bytes) {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const el = document.createElement('script');
    el.src = src;
    el.onload = resolve;
    el.onerror = () => reject(new Error(`cannot load ${src}`));
    document.head.appendChild(el);
  });
}

const MAX_ERRORS = 50;
function addError(err) {
  // Players retry; keep the report bounded (errors_dropped counts the rest).
  if (state.errors.length < MAX_ERRORS) state.errors.push(err);
  else state.errorsDropped += 1;
  if (err.fatal) state.fatal = true;
}

function resolveCoord(v, size) {
  if (typeof v === 'string' && v.endsWith('%')) return Math.floor((parseFloat(v) / 100) * size);
  return Math.floor(Number(v));
}

function samplePixel(cfg) {
  const w = video.videoWidth;
  const h = video.videoHeight;
  if (!w || !h) return { pixel: null, pixel_error: 'no video frame' };
  const spec = cfg.pixel || ['50%', '50%'];
  const x = Math.min(w - 1, Math.max(0, resolveCoord(spec[0], w)));
  const y = Math.min(h - 1, Math.max(0, resolveCoord(spec[1], h)));
  try {
    const canvas = document.createElement('canvas');
    canvas.width = w;
    canvas.height = h;
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    ctx.drawImage(video, 0, 0, w, h);
    const d = ctx.getImageData(x, y, 1, 1).data;
    return { pixel: [d[0], d[1], d[2]], pixel_at: [x, y] };
  } catch (e) {
    return { pixel: null, pixel_at: [x, y], pixel_error: String(e) };
  }
}

function played() {
  if (state.startTime === null) return 0;
  return Math.max(0, state.maxTime - state.startTime);
}

// Live (the player said so: hls.js a live level, shaka isLive()): how far behind the newest
// playable media the playhead is (seekable end − currentTime). hls.js keeps a finite MSE
// duration for live by default, so the duration alone does not tell.
function liveEdge() {
  const n = video.seekable ? video.seekable.length : 0;
  if (!n || !state.live) return { live: !!state.live, seekable_end: null, live_edge_distance: null };
  const end = video.seekable.end(n - 1);
  return { live: true, seekable_end: end, live_edge_distance: Math.round((end - video.currentTime) * 1000) / 1000 };
}

// The live-edge distance over the play (sampled every 100 ms while playing): it saw-tooths by
// one segment as segments are published, so its mean is the distance a viewer sees.
function liveEdgeStats() {
  const xs = state.edgeSamples;
  if (!xs.length) return { live_edge_distance_mean: null, live_edge_distance_max: null };
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return { live_edge_distance_mean: Math.round(mean * 1000) / 1000, live_edge_distance_max: Math.max(...xs) };
}

function snapshot(cfg) {
  const q = video.getVideoPlaybackQuality ? video.getVideoPlaybackQuality() : null;
  return {
    player: cfg.player,
    url: cfg.url,
    reason: state.reason,
    seconds_played: Math.round(played() * 1000) / 1000,
    current_time: video.currentTime,
    start_time: state.startTime,
    duration: Number.isFinite(video.duration) ? video.duration : null,
    ended: video.ended,
    frames_decoded: q ? q.totalVideoFrames : null,
    dropped_frames: q ? q.droppedVideoFrames : null,
    player_errors: state.errors,
    errors_dropped: state.errorsDropped,
    player_warnings: state.warnings,
    stalls: state.stalls,
    video_size: [video.videoWidth, video.videoHeight],
    levels: state.levels,
    bandwidths: state.bandwidths,
    media_error: video.error ? { code: video.error.code, message: video.error.message } : null,
    ...liveEdge(),
    ...liveEdgeStats(),
    ...samplePixel(cfg),
  };
}

let finishing = false;
function finish(cfg, reason, player) {
  if (finishing) return;
  finishing = true;
  state.reason = reason;
  // Let late error events land before the report is taken.
  setTimeout(() => {
    try {
      if (player && player.collect) player.collect();
    } catch (e) {
      state.warnings.push({ source: 'harness', details: 'collect failed: ' + e });
    }
    state.result = snapshot(cfg);
    try { video.pause(); } catch (e) { /* ignore */ }
    log(JSON.stringify(state.result));
    state.done = true;
    document.title = 'done';
  }, reason === 'error' ? 500 : 50);
}

// ---------------------------------------------------------------- players

async function startHlsjs(cfg) {
  await loadScript(`${LIB}/hls.js/dist/hls.min.js`);
  const Hls = window.Hls;
  const conf = { enableWorker: true, lowLatencyMode: false };
  if (cfg.license_url) {
    conf.emeEnabled = true;
    conf.drmSystems = { 'org.w3.clearkey': { licenseUrl: cfg.license_url } };
    const headers = cfg.license_headers || {};
    conf.licenseXhrSetup = (xhr, url) => {
      xhr.open('POST', url, true);
      for (const [k, v] of Object.entries(headers)) xhr.setRequestHeader(k, v);
    };
  }
  if (cfg.cmcd) conf.cmcd = {};
  // Caller overrides last (e.g. a short buffer so a steering change is seen before the end).
  if (cfg.hls_config) Object.assign(conf, cfg.hls_config);
  const hls = new Hls(conf);
  // Stall-type buffer events are not player failures: they are counted as stalls/warnings.
  const benign = new Set(['bufferStalledError', 'bufferNudgeOnStall', 'bufferSeekOverHole']);
  hls.on(Hls.Events.ERROR, (_ev, data) => {
    const rec = {
      source: 'hlsjs',
      code: data.type,
      details: data.details,
      fatal: !!data.fatal,
      message: data.error ? String(data.error.message || data.error) : (data.reason || ''),
    };
    if (!data.fatal && benign.has(data.details)) state.warnings.push(rec);
    else addError(rec);
  });
  hls.on(Hls.Events.LEVEL_LOADED, (_ev, data) => {
    if (data.details && data.details.live) state.live = true;
  });
  hls.on(Hls.Events.MANIFEST_PARSED, () => {
    state.levels = hls.levels.map((l) => ({
      bandwidth: l.bitrate,
      width: l.width || null,
      height: l.height || null,
      codecs: [l.videoCodec, l.audioCodec].filter(Boolean).join(','),
    }));
  });
  hls.on(Hls.Events.LEVEL_SWITCHED, (_ev, data) => {
    const l = hls.levels[data.level];
    if (l) state.bandwidths.push(l.bitrate);
  });
  hls.loadSource(cfg.url);
  hls.attachMedia(video);
  return { instance: hls };
}

async function startShaka(cfg) {
  await loadScript(`${LIB}/shaka-player/dist/shaka-player.compiled.js`);
  const shaka = window.shaka;
  shaka.polyfill.installAll();
  const player = new shaka.Player();
  await player.attach(video);
  const conf = { streaming: { retryParameters: { maxAttempts: 2 } } };
  if (cfg.clearkey && !cfg.license_url) conf.drm = { clearKeys: cfg.clearkey };
  if (cfg.license_url) conf.drm = { servers: { 'org.w3.clearkey': cfg.license_url } };
  if (cfg.cmcd) conf.cmcd = { enabled: true };
  player.configure(conf);
  const headers = cfg.license_headers || {};
  if (Object.keys(headers).length) {
    player.getNetworkingEngine().registerRequestFilter((type, request) => {
      if (type === shaka.net.NetworkingEngine.RequestType.LICENSE) Object.assign(request.headers, headers);
    });
  }
  player.addEventListener('error', (ev) => {
    const e = ev.detail || {};
    addError({
      source: 'shaka',
      code: e.code,
      details: `category ${e.category} severity ${e.severity}`,
      fatal: e.severity === 2,
      message: e.message || JSON.stringify(e.data || []).slice(0, 500),
    });
  });
  const collect = () => {
    state.levels = player.getVariantTracks().map((t) => ({
      bandwidth: t.bandwidth,
      width: t.width || null,
      height: t.height || null,
      codecs: t.codecs,
    }));
    state.bandwidths = player
      .getStats()
      .switchHistory.filter((s) => s.type === 'variant')
      .map((s) => s.bandwidth);
  };
  try {
    await player.load(cfg.url);
    if (player.isLive()) state.live = true;
    collect();
  } catch (e) {
    // load() rejects with the same shaka.util.Error the 'error' event carries; record it once.
    if (!state.errors.some((x) => x.source === 'shaka' && x.code === e.code)) {
      addError({ source: 'shaka', code: e.code, details: `category ${e.category} severity ${e.severity}`, fatal: true, message: e.message || '' });
    }
    state.fatal = true;
  }
  return { instance: player, collect };
}

async function startDashjs(cfg) {
  await loadScript(`${LIB}/dashjs/dist/modern/umd/dash.all.min.js`);
  const dashjs = window.dashjs;
  const player = dashjs.MediaPlayer().create();
  const settings = { debug: { logLevel: dashjs.Debug.LOG_LEVEL_WARNING } };
  if (cfg.cmcd) settings.streaming = { cmcd: { enabled: true } };
  player.updateSettings(settings);
  if (cfg.license_url) {
    player.setProtectionData({ 'org.w3.clearkey': { serverURL: cfg.license_url } });
  } else if (cfg.clearkey) {
    const keys = {};
    for (const [kid, key] of Object.entries(cfg.clearkey)) keys[b64url(hexToBytes(kid))] = b64url(hexToBytes(key));
    player.setProtectionData({ 'org.w3.clearkey': { clearkeys: keys } });
  }
  // Headers through a license request filter, so they also reach a license URL taken from the
  // MPD (dashif:Laurl). (protData with only httpRequestHeaders makes dash.js 5.2 fail with 113.)
  const headers = cfg.license_headers || {};
  if (Object.keys(headers).length) {
    player.registerLicenseRequestFilter((req) => {
      req.headers = { ...(req.headers || {}), ...headers };
      return Promise.resolve();
    });
  }
  const ev = dashjs.MediaPlayer.events;
  player.on(ev.ERROR, (e) => {
    const err = e.error || {};
    addError({ source: 'dashjs', code: err.code, details: String(err.message || ''), fatal: true, message: JSON.stringify(err.data || '').slice(0, 500) });
  });
  player.on(ev.PLAYBACK_ERROR, (e) => {
    addError({ source: 'dashjs', code: 'playbackError', details: String((e.error && e.error.message) || e.error || ''), fatal: true, message: '' });
  });
  player.on(ev.QUALITY_CHANGE_RENDERED, (e) => {
    if (e.mediaType === 'video' && e.newRepresentation) state.bandwidths.push(e.newRepresentation.bandwidth);
  });
  player.on(ev.STREAM_INITIALIZED, () => {
    state.levels = player.getRepresentationsByType('video').map((r) => ({
      bandwidth: r.bandwidth,
      width: r.width || null,
      height: r.height || null,
      codecs: r.codecs || '',
    }));
  });
  player.initialize(video, cfg.url, true);
  return { instance: player };
}

// ---------------------------------------------------------------- main

async function main() {
  const params = new URLSearchParams(location.search);
  const cfg = JSON.parse(params.get('config') || '{}');
  cfg.seconds = cfg.seconds ?? 12;
  cfg.timeout = cfg.timeout ?? 60;
  log(`config ${JSON.stringify(cfg)}`);
  let player = null;

  video.muted = true;
  video.addEventListener('playing', () => {
    if (state.startTime === null) {
      state.startTime = video.currentTime;
      state.maxTime = video.currentTime;
      state.firstPlayingWall = performance.now();
    }
  });
  video.addEventListener('waiting', () => {
    const nearEnd = Number.isFinite(video.duration) && video.duration - video.currentTime < 0.5;
    if (state.startTime !== null && !nearEnd) state.stalls += 1;
  });
  video.addEventListener('timeupdate', () => {
    if (state.startTime !== null) state.maxTime = Math.max(state.maxTime, video.currentTime);
  });
  video.addEventListener('ended', () => finish(cfg, 'ended', player));
  video.addEventListener('error', () => {
    const e = video.error;
    addError({ source: 'video', code: e ? e.code : null, details: e ? e.message : 'unknown', fatal: true, message: '' });
  });

  try {
    if (cfg.player === 'hlsjs') player = await startHlsjs(cfg);
    else if (cfg.player === 'shaka') player = await startShaka(cfg);
    else if (cfg.player === 'dashjs') player = await startDashjs(cfg);
    else throw new Error(`unknown player ${cfg.player}`);
    video.play().catch((e) => state.warnings.push({ source: 'harness', details: 'play() rejected: ' + e }));
  } catch (e) {
    addError({ source: 'harness', code: 'setup', details: String(e && e.message ? e.message : e), fatal: true, message: '' });
  }

  const t0 = performance.now();
  const timer = setInterval(() => {
    if (finishing) {
      clearInterval(timer);
      return;
    }
    if (state.startTime !== null) state.maxTime = Math.max(state.maxTime, video.currentTime);
    const edge = liveEdge().live_edge_distance;
    if (state.startTime !== null && edge !== null) state.edgeSamples.push(edge);
    if (state.fatal) finish(cfg, 'error', player);
    else if (state.startTime !== null && played() >= cfg.seconds) finish(cfg, 'played', player);
    else if (performance.now() - t0 > cfg.timeout * 1000) finish(cfg, 'timeout', player);
  }, 100);
}

main();
