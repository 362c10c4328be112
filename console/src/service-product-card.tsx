/**
 * "Send a product": the catalogue searched as staff type, and the product picked sent to the shopper
 * as a mini-program card opening its page (price, stock, Take me there) at the conversation's store,
 * or for a brand-level conversation at the store picked here.
 */
import { useState } from 'preact/hooks';
import type { Store } from './api';
import { t } from './i18n';
import { SkuSearch } from './product-picker';
import type { Conversation } from './service-api';

export function SendProduct({
  conversation,
  stores,
  sending,
  onSend,
}: {
  conversation: Conversation;
  stores: Store[];
  sending: boolean;
  onSend: (skuId: string, storeId: string | undefined) => void;
}) {
  const [storeId, setStoreId] = useState(stores[0]?.id);
  // A new search box after each card sent: the last product's words and list go.
  const [sent, setSent] = useState(0);
  const atStore = conversation.store_id ?? storeId;
  return (
    <details class="send-product">
      <summary>{t('service.sendProduct')}</summary>
      {!conversation.store_id && (
        <label>
          {t('service.productStore')}{' '}
          <select value={storeId} onChange={(e) => setStoreId((e.target as HTMLSelectElement).value)}>
            {stores.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <SkuSearch
        key={sent}
        label={t('service.productSearch')}
        picked={[]}
        refuse={() => (sending ? t('service.sending') : atStore ? undefined : t('service.productNoStore'))}
        onPick={(hit) => {
          onSend(hit.sku_id, conversation.store_id ? undefined : atStore);
          setSent(sent + 1);
        }}
      />
      <p class="hint">{t('service.productHint')}</p>
    </details>
  );
}
