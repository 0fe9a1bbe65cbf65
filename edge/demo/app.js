// ottedge demo page: plays the edge's HLS and DASH URLs with the token picked, and lists the
// edge's decision (x-ottedge-decision, exposed through CORS) for every request.
'use strict';

const rows = document.getElementById('rows');
const pathwayEl = document.getElementById('pathway');
let info = null;
let hls = null;
let shakaPlayer = null;

function record(player, status, decision, url, pathway) {
  const tr = document.createElement('tr');
  const cls = decision && decision.startsWith('allow') ? 'allow' : 'deny';
  const shortUrl = url.replace(/hdnts=[^&]*/, 'hdnts=…').replace(/token=[^&]*/, 'token=…').replace(/[?&]CMCD=[^&]*/, '');
  for (const text of [player, String(status), decision || '(none)', pathway || '', shortUrl]) {
    const td = document.createElement('td');
    td.textContent = text;
    tr.appendChild(td);
  }
  tr.className = cls;
  rows.prepend(tr);
  while (rows.children.length > 200) rows.lastChild.remove();
  if (pathway) pathwayEl.textContent = pathway;
}

function token() {
  const picked = document.querySelector('input[name=token]:checked').value;
  return info[picked];
}

function licenseUrl() {
  return info.edge_url + '/v1/license/clearkey';
}

function withToken(url) {
  return url + (url.includes('?') ? '&' : '?') + 'token=' + encodeURIComponent(token());
}

function steeringPathway(url, body) {
  if (!url.includes('/v1/steer/')) return null;
  try { return JSON.parse(body)['PATHWAY-PRIORITY'][0]; } catch (_) { return null; }
}

function playHls(asset) {
  const video = document.getElementById('hls');
  const status = document.getElementById('hls-status');
  if (hls) hls.destroy();
  if (!window.Hls || !Hls.isSupported()) { status.textContent = 'hls.js not available'; return; }
  hls = new Hls({
    cmcd: { sessionId: 'demo-' + Date.now(), contentId: asset.id },
    // Encrypted assets (demo-cbcs): ClearKey through the edge's license route, with the token.
    emeEnabled: true,
    drmSystems: { 'org.w3.clearkey': { licenseUrl: licenseUrl() } },
    licenseXhrSetup(xhr, url) {
      xhr.open('POST', url, true);
      xhr.setRequestHeader('Authorization', 'Bearer ' + token());
    },
    xhrSetup(xhr, url) {
      xhr.addEventListener('loadend', () => {
        const decision = xhr.getResponseHeader('x-ottedge-decision');
        const pathway = steeringPathway(url, xhr.responseType === '' || xhr.responseType === 'text' ? xhr.responseText : '')
          || xhr.getResponseHeader('x-ottedge-pathway');
        record('hls.js', xhr.status, decision, url, pathway);
      });
    },
  });
  hls.on(Hls.Events.ERROR, (_, data) => { status.textContent = 'error: ' + data.details + (data.fatal ? ' (fatal)' : ''); });
  hls.on(Hls.Events.MANIFEST_PARSED, () => { status.textContent = 'playing'; video.play().catch(() => {}); });
  hls.loadSource(withToken(asset.hls));
  hls.attachMedia(video);
}

async function playShaka(asset) {
  const video = document.getElementById('shaka');
  const status = document.getElementById('shaka-status');
  if (!window.shaka) { status.textContent = 'shaka-player not available'; return; }
  if (shakaPlayer) await shakaPlayer.destroy();
  shaka.polyfill.installAll();
  shakaPlayer = new shaka.Player();
  await shakaPlayer.attach(video);
  shakaPlayer.configure({ drm: { servers: { 'org.w3.clearkey': licenseUrl() } } });
  const net = shakaPlayer.getNetworkingEngine();
  net.registerRequestFilter((type, request) => {
    if (type === shaka.net.NetworkingEngine.RequestType.LICENSE
        || request.uris.some((u) => u.includes('manifest.mpd'))) {
      request.headers['Authorization'] = 'Bearer ' + token();
    }
  });
  net.registerResponseFilter((type, response) => {
    const h = response.headers || {};
    let body = '';
    try { body = new TextDecoder().decode(response.data); } catch (_) { /* binary */ }
    record('shaka', response.status || 200, h['x-ottedge-decision'], response.uri,
      steeringPathway(response.uri, body) || h['x-ottedge-pathway']);
  });
  shakaPlayer.addEventListener('error', (e) => { status.textContent = 'error ' + e.detail.code; });
  try {
    await shakaPlayer.load(asset.dash);
    status.textContent = 'playing';
    video.play().catch(() => {});
  } catch (e) {
    status.textContent = 'load failed: ' + (e.code || e) + ' (see the decision table)';
    record('shaka', e.data && e.data[1] || 'error', 'deny (see status)', asset.dash, null);
  }
}

function play() {
  const id = document.getElementById('asset').value;
  const asset = info.assets.find((a) => a.id === id);
  playHls(asset);
  playShaka(asset);
}

async function main() {
  info = await (await fetch('/_dev/info')).json();
  const select = document.getElementById('asset');
  for (const a of info.assets) {
    const o = document.createElement('option');
    o.value = a.id; o.textContent = a.id;
    select.appendChild(o);
  }
  document.getElementById('play').addEventListener('click', play);
  for (const b of document.querySelectorAll('button[data-down]')) {
    b.addEventListener('click', async () => {
      const doc = await (await fetch('/_dev/health?down=' + b.dataset.down)).json();
      record('dev', 200, 'health', JSON.stringify(doc), null);
    });
  }
  for (const r of document.querySelectorAll('input[name=token]')) r.addEventListener('change', play);
  play();
}

main();
