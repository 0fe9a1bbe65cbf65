// Acceptance 2 + 3 of issue 4 through the Cloudflare build under workerd (Miniflare), written
// for ottedge. The viewer's country is `request.cf` (Miniflare `dispatchFetch(url, { cf })`),
// the way Cloudflare's edge sets it; viewer-sent headers cannot reach it.

import { edgeMatrix } from './matrix.mjs';
import { startWorkerd, testConfig } from './edges.mjs';

export const CF = {
  US: { country: 'US', regionCode: 'NY', asn: 64500, clientAcceptEncoding: '' },
  DE: { country: 'DE', regionCode: 'BE', asn: 64501, clientAcceptEncoding: '' },
  GB: { country: 'GB', regionCode: 'ENG', asn: 64502, clientAcceptEncoding: '' },
  CA: { country: 'CA', regionCode: 'ON', asn: 64503, clientAcceptEncoding: '' },
};

edgeMatrix('workerd (Cloudflare build)', async ({ originUrl }) => {
  const edge = await startWorkerd({ originUrl, config: testConfig() });
  return {
    ...edge,
    request: async (p, { country = 'US', headers = {} } = {}) => {
      const res = await edge.fetch(p, { headers, cf: CF[country] });
      return {
        status: res.status,
        headers: Object.fromEntries(res.headers),
        body: Buffer.from(await res.arrayBuffer()),
      };
    },
  };
});
