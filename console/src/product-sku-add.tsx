/**
 * A SKU added to a product by its editors (a new size of a line the shop already sells, or a bundle
 * of other SKUs): code, unit or size, barcode and price, and a bundle's components, in a dialog. The
 * dialog keeps one Idempotency-Key while unchanged, so a retry after a lost answer adds it once.
 */
import { useState } from 'preact/hooks';
import { money } from './campaign-api';
import { t } from './i18n';
import { BundleChoice } from './product-bundle';
import {
  Confirm,
  emptySku,
  SkuFields,
  type SkuRow,
  skuDraft,
  skuFields,
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
  const edit = (change: Partial<SkuRow>) => {
    edited();
    setRow((r) => ({ ...r, ...change }));
  };

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
          <SkuFields row={row} at="" error={error} onEdit={edit} />
          <BundleChoice row={row} at="" error={error} onEdit={edit} />
          <Unplaced error={error} fields={skuFields(row, '')} />
        </Confirm>
      )}
    </>
  );
}
