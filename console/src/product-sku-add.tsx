/**
 * A SKU added to a product by its editors (a new size of a line the shop already sells): code, unit
 * or size, barcode and price in a dialog. The dialog keeps one Idempotency-Key while unchanged, so a
 * retry after a lost answer adds it once.
 */
import { useRef, useState } from 'preact/hooks';
import { money } from './campaign-api';
import { t } from './i18n';
import {
  Confirm,
  emptySku,
  type Refusal,
  SKU_FIELDS,
  SkuFields,
  type SkuRow,
  skuDraft,
  Unplaced,
} from './product-fields';
import { addSku, creationKey, creationRefusal, type Product, type Sku } from './products-api';

export function AddSku({
  product,
  onAdded,
  onDone,
}: {
  product: Product;
  onAdded: (sku: Sku) => void;
  onDone: (text: string) => void;
}) {
  const [open, setOpen] = useState(false);
  const [row, setRow] = useState<SkuRow>(emptySku);
  const [error, setError] = useState<Refusal>();
  const [sending, setSending] = useState(false);
  const key = useRef<string | undefined>(undefined);

  async function send() {
    const sku = skuDraft(row, '');
    if ('message' in sku) return setError(sku);
    key.current ??= creationKey();
    setSending(true);
    setError(undefined);
    try {
      const added = await addSku(product.id, sku, key.current);
      key.current = undefined;
      setRow(emptySku());
      setOpen(false);
      onAdded(added);
      onDone(
        t('products.skuAdded', { code: added.code, name: product.name, price: money(added.price_cents) }),
      );
    } catch (failure) {
      // Without an answer it may have been added: the key stays, so adding again adds it once.
      setError(creationRefusal(failure, t('products.skuUnsure')));
    } finally {
      setSending(false);
    }
  }

  return (
    <>
      <button type="button" class="small" onClick={() => setOpen(true)}>
        {t('products.addSkuTo')}
      </button>
      {open && (
        <Confirm
          title={t('products.addSkuTitle', { name: product.name })}
          yes={t('products.addSkuYes')}
          busy={sending}
          onYes={send}
          onNo={() => setOpen(false)}
        >
          <p class="hint">{t('products.addSkuHint')}</p>
          <SkuFields
            row={row}
            at=""
            error={error}
            onEdit={(change) => {
              // Another SKU to send, with a new key.
              key.current = undefined;
              setError(undefined);
              setRow((r) => ({ ...r, ...change }));
            }}
          />
          <Unplaced error={error} fields={[...SKU_FIELDS]} />
        </Confirm>
      )}
    </>
  );
}
