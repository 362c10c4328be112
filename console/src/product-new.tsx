/**
 * A new product with its SKUs, as a brand admin adds the week's new lines: name, category, and per
 * SKU its code, variant (unit or size), barcode and price in yuan, and a bundle's components with
 * their quantities (早餐套餐: 2× milk + 1× bread). Asked once more before it is sent, since codes
 * stay and a product is never deleted, only taken off sale. The form keeps one Idempotency-Key while
 * unchanged, so a retry after a lost answer creates it once.
 */
import { useState } from 'preact/hooks';
import { money } from './campaign-api';
import { t } from './i18n';
import { go } from './nav';
import { BundleChoice } from './product-bundle';
import {
  Confirm,
  emptySku,
  ProductFields,
  type ProductRow,
  type Refusal,
  SkuFields,
  type SkuRow,
  skuDraft,
  skuFields,
  Unplaced,
  useCreation,
} from './product-fields';
import { addProduct, bundleOf, type Category, type ProductDraft } from './products-api';

export function NewProduct({
  categories,
  onCategoryAdded,
  onDone,
}: {
  categories: Category[];
  onCategoryAdded: (category: Category) => void;
  onDone: (text: string) => void;
}) {
  const [row, setRow] = useState<ProductRow>({ name: '', category_id: '', description: '' });
  const [skus, setSkus] = useState<SkuRow[]>([emptySku()]);
  const [asking, setAsking] = useState<ProductDraft>();
  const { send, edited, sending, error, setError } = useCreation(t('products.unsure'));
  const editSku = (index: number, change: Partial<SkuRow>) => {
    edited();
    setSkus((rows) => rows.map((row, i) => (i === index ? { ...row, ...change } : row)));
  };

  /** The draft to send, or the first price the console cannot read. */
  function draft(): ProductDraft | Refusal {
    const lines = [];
    for (const [i, row] of skus.entries()) {
      const sku = skuDraft(row, `skus.${i}.`);
      if ('message' in sku) return sku;
      lines.push(sku);
    }
    const description = row.description.trim();
    return {
      name: row.name.trim(),
      ...(row.category_id ? { category_id: row.category_id } : {}),
      ...(description ? { description } : {}),
      skus: lines,
    };
  }

  async function add(product: ProductDraft) {
    const created = await send((key) => addProduct(product, key));
    if (!created) return setAsking(undefined);
    onDone(t('products.added', { name: created.name, count: created.skus.length }));
    go(`products/${created.id}`);
  }

  const fields = [
    'name',
    'category_id',
    'description',
    ...skus.flatMap((sku, i) => skuFields(sku, `skus.${i}.`)),
  ];
  return (
    <form
      class="product-form"
      onSubmit={(e) => {
        e.preventDefault();
        const made = draft();
        if ('skus' in made) setAsking(made);
        else setError(made);
      }}
    >
      <div class="page-head">
        <a class="back" href="#/products">
          {t('products.back')}
        </a>
        <h1>{t('products.new')}</h1>
      </div>
      <section class="card">
        <ProductFields
          row={row}
          error={error}
          categories={categories}
          onCategoryAdded={onCategoryAdded}
          onEdit={(change) => {
            edited();
            setRow((r) => ({ ...r, ...change }));
          }}
        />
      </section>
      <section class="card">
        <h2>{t('products.skus')}</h2>
        <p class="hint top">{t('products.skusHint')}</p>
        {skus.map((row, i) => (
          <fieldset key={i} class="sku-row" aria-label={t('products.skuN', { n: i + 1 })}>
            <SkuFields row={row} at={`skus.${i}.`} error={error} onEdit={(change) => editSku(i, change)} />
            <BundleChoice row={row} at={`skus.${i}.`} error={error} onEdit={(change) => editSku(i, change)} />
            {skus.length > 1 && (
              <button
                type="button"
                class="small link"
                onClick={() => {
                  edited();
                  setSkus((rows) => rows.filter((_, j) => j !== i));
                }}
              >
                {t('products.removeSku')}
              </button>
            )}
          </fieldset>
        ))}
        <button
          type="button"
          class="small"
          onClick={() => {
            edited();
            setSkus((rows) => [...rows, emptySku()]);
          }}
        >
          {t('products.addSku')}
        </button>
      </section>
      <Unplaced error={error} fields={fields} />
      <div class="row end">
        <button type="submit">{t('products.create')}</button>
      </div>
      {asking && (
        <Confirm
          title={t('products.confirmAdd', { name: asking.name })}
          yes={t('products.create')}
          busy={sending}
          onYes={() => add(asking)}
          onNo={() => setAsking(undefined)}
        >
          <ul class="confirm-skus">
            {asking.skus.map((sku, i) => (
              <li key={sku.code}>
                <strong>{sku.code}</strong> {sku.name} · {money(sku.price_cents)}
                {sku.barcode && <span class="muted"> · {sku.barcode}</span>}
                {sku.components && (
                  <span class="muted">
                    {' '}
                    · {t('products.bundleBadge')}{' '}
                    {bundleOf(skus[i]!.parts.map((part) => ({ ...part, qty: Number(part.qty) })))}
                  </span>
                )}
              </li>
            ))}
          </ul>
          <p>{t('products.confirmAddText')}</p>
        </Confirm>
      )}
    </form>
  );
}
