/** A campaign's offer of one product, delivered to a shopper as the live pipeline delivers it. */
import { deliver } from '../../../push/index.js';
import type { TestApp } from '../../../test/support/app.js';
import type { SearchHit } from '../../src/lib/api';

export async function offerProduct(
  t: TestApp,
  to: { tenantId: string; shopperId: string },
  sourceKey: string,
  title: string,
  hit: SearchHit,
): Promise<void> {
  await deliver(
    t.db,
    { publish: async () => {} },
    {
      ...to,
      sourceKey,
      title,
      body: 'Picked for you',
      payload: {
        kind: 'campaign_offer',
        campaign_id: '00000000-0000-4000-8000-000000000000',
        products: [
          {
            sku_id: hit.sku_id,
            code: hit.code,
            name: `${hit.name} ${hit.sku_name}`.trim(),
            image: hit.images[0] ?? null,
            category_id: hit.category_id,
            price_cents: hit.unit_cents,
            member_price_cents: null,
            place: null,
            reason: 'for_you',
          },
        ],
      },
    },
  );
}
