/**
 * A SKU added to a product by its editors (a new size of a line the shop already sells): code, unit
 * or size, barcode and price in a dialog. The dialog keeps one Idempotency-Key while unchanged, so a
 * retry after a lost answer adds it once.
 */
import { useState } from 'preact/hooks';
import { money } from './campaign-api';
import { t } from './i18n';
import {
  Confirm,
  emptySku,
  SKU_FIELDS,
  SkuFields,
  type SkuRow,
  skuDraft,
  Unplaced,
  useCreation,
} from './product-fields';
import { addSku, type Product, type Sku } from './products-api';

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
  const { send, edited, sending, error, setError } = useCreation(t('products.skuUnsure'));

  async function add() {
    const sku = skuDraft(row, '');
    if ('message' in sku) return setError(sku);
    setError(undefined);
    const added = await send((key) => addSku(product.id, sku, key));
    if (!added) return;
    setRow(emptySku());
    setOpen(false);
    onAdded(added);
    onDone(t('products.skuAdded', { code: added.code, name: product.name, price: money(added.price_cents) }));
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
          onYes={add}
          onNo={() => setOpen(false)}
        >
          <p class="hint">{t('products.addSkuHint')}</p>
          <SkuFields
            row={row}
            at=""
            error={error}
            onEdit={(change) => {
              edited();
              setRow((r) => ({ ...r, ...change }));
            }}
          />
          <Unplaced error={error} fields={[...SKU_FIELDS]} />
        </Confirm>
      )}
    </>
  );
}
