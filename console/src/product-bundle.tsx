/**
 * A bundle (套餐) in the product forms and lists: its components picked with the catalogue's search
 * (the campaign editor's), each with a quantity, as a SKU is added; and shown, read only, as
 * `2× 光明鲜牛奶 950ml + 1× 全麦吐司面包 400g` wherever the SKU is listed. The API sets a bundle's
 * components when the SKU is created and has no way to change them.
 */
import { skuName } from './campaign-api';
import { t } from './i18n';
import { type PartRow, Problem, type Refusal, type SkuRow } from './product-fields';
import { SkuSearch } from './product-picker';
import { type BundlePart, bundleOf } from './products-api';

/** Whether a new SKU is a bundle of other SKUs, and if so its components. */
export function BundleChoice({
  row,
  at,
  error,
  onEdit,
}: {
  row: SkuRow;
  /** Where the SKU's fields are named (`skus.0.`). */
  at: string;
  error: Refusal | undefined;
  onEdit: (change: Partial<SkuRow>) => void;
}) {
  return (
    <div class="bundle-choice">
      <label class="check">
        <input
          type="checkbox"
          checked={row.bundle}
          onChange={(e) => onEdit({ bundle: (e.target as HTMLInputElement).checked })}
        />{' '}
        {t('products.bundle')}
      </label>
      {row.bundle && (
        <BundleParts parts={row.parts} at={at} error={error} onEdit={(parts) => onEdit({ parts })} />
      )}
    </div>
  );
}

/** A bundle's components: found and added, their quantities typed, each refusal at its field. */
function BundleParts({
  parts,
  at,
  error,
  onEdit,
}: {
  parts: PartRow[];
  at: string;
  error: Refusal | undefined;
  onEdit: (parts: PartRow[]) => void;
}) {
  const setQty = (index: number, qty: string) =>
    onEdit(parts.map((part, i) => (i === index ? { ...part, qty } : part)));
  return (
    <div class="bundle-parts" data-test="bundle-parts">
      <p class="hint">{t('products.bundleHint')}</p>
      <SkuSearch
        label={t('products.addPart')}
        picked={parts.map((part) => part.sku_id)}
        onPick={(hit) => onEdit([...parts, { sku_id: hit.sku_id, name: skuName(hit), qty: '1' }])}
        // The server refuses a bundle in a bundle: said at the hit, before it is picked.
        refuse={(hit) => (hit.bundle ? t('products.partIsBundle') : undefined)}
      />
      {parts.length === 0 && <p class="hint none">{t('products.noParts')}</p>}
      <ul class="parts">
        {parts.map((part, i) => (
          <li key={part.sku_id}>
            <label class="inline">
              <input
                class="qty"
                inputMode="numeric"
                aria-label={t('products.qtyOf', { name: part.name })}
                aria-invalid={error?.field === `${at}components.${i}.qty`}
                value={part.qty}
                onInput={(e) => setQty(i, (e.target as HTMLInputElement).value)}
              />
              × {part.name}
            </label>
            <button
              type="button"
              class="small link"
              aria-label={t('products.removePart', { name: part.name })}
              onClick={() => onEdit(parts.filter((_, j) => j !== i))}
            >
              {t('products.removeSku')}
            </button>
            <Problem error={error} at={`${at}components.${i}.qty`} />
          </li>
        ))}
      </ul>
      <Problem error={error} at={`${at}components`} />
    </div>
  );
}

/** A bundle SKU marked as one, with what it holds; nothing for any other SKU. */
export function BundleNote({ parts }: { parts: BundlePart[] }) {
  if (parts.length === 0) return null;
  return (
    <small class="bundle-of" data-test="bundle-of">
      <span class="badge bundle">{t('products.bundleBadge')}</span> {bundleOf(parts)}
    </small>
  );
}
