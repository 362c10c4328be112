/**
 * One product (`#/products/<id>`): for the catalogue's editors its name, category and description,
 * and taking it off sale (asked first: the list then marks it, for editors only); for others the
 * same read only. Below, its photos (product-photos.tsx), its SKUs (product-skus.tsx), a SKU added to it (product-sku-add.tsx), and
 * a store's prices for them (product-store-prices.tsx).
 * Changes show at once; a refusal shows at its field.
 */
import { useEffect, useState } from 'preact/hooks';
import type { Store } from './api';
import { t } from './i18n';
import { LoadError } from './load-error';
import { Confirm, ProductFields, type Refusal, Unplaced } from './product-fields';
import { ProductPhotos } from './product-photos';
import { AddSku } from './product-sku-add';
import { SkuTable } from './product-skus';
import { StorePrices } from './product-store-prices';
import {
  type Category,
  catalogueRefusal,
  editProduct,
  type Product,
  product as readProduct,
  type Sku,
} from './products-api';
import { refusalOf } from './refusals';

export function ProductDetail({
  id,
  categories,
  onCategoryAdded,
  editor,
  stores,
  storeId,
  onStore,
  onDone,
}: {
  id: string;
  categories: Category[];
  onCategoryAdded: (category: Category) => void;
  /** May change the brand's product (the API's EDITORS). */
  editor: boolean;
  /** The stores whose prices this member of staff sets. */
  stores: Store[] | undefined;
  storeId: string | undefined;
  onStore: (id: string) => void;
  onDone: (text: string) => void;
}) {
  const [product, setProduct] = useState<Product>();
  const [error, setError] = useState<string>();
  const [version, setVersion] = useState(0);
  useEffect(() => {
    // Another product's page is not this one's while it loads, nor is an answer come late for it.
    let current = true;
    setProduct(undefined);
    setError(undefined);
    readProduct(id).then(
      (answer) => current && setProduct(answer),
      (e) => current && setError(refusalOf(e).message),
    );
    return () => {
      current = false;
    };
  }, [id, version]);

  if (error)
    return (
      <>
        <Head product={undefined} />
        <LoadError
          message={error}
          tryAgain={t('products.tryAgain')}
          onRetry={() => setVersion((v) => v + 1)}
        />
      </>
    );
  if (!product)
    return (
      <>
        <Head product={undefined} />
        <p class="hint">{t('products.loading')}</p>
      </>
    );
  const category = categories.find((c) => c.id === product.category_id)?.name;
  const skuSaved = (sku: Sku) =>
    setProduct((p) => p && { ...p, skus: p.skus.map((s) => (s.id === sku.id ? sku : s)) });
  return (
    <>
      <Head product={product} />
      {editor ? (
        <ProductForm
          key={product.id}
          product={product}
          categories={categories}
          onCategoryAdded={onCategoryAdded}
          onSaved={setProduct}
          onDone={onDone}
        />
      ) : (
        <section class="card product-facts">
          <dl>
            <dt>{t('products.category')}</dt>
            <dd>{category ?? t('products.noCategory')}</dd>
            {product.description && (
              <>
                <dt>{t('products.description')}</dt>
                <dd>{product.description}</dd>
              </>
            )}
          </dl>
          <p class="hint">{t('products.readOnly')}</p>
        </section>
      )}
      <ProductPhotos product={product} editor={editor} onSaved={setProduct} onDone={onDone} />
      <SkuTable skus={product.skus} editor={editor} onSaved={skuSaved} onDone={onDone}>
        {editor && (
          <AddSku
            product={product}
            onAdded={(sku) => setProduct((p) => p && { ...p, skus: [...p.skus, sku] })}
            onDone={onDone}
          />
        )}
      </SkuTable>
      <StorePrices product={product} stores={stores} storeId={storeId} onStore={onStore} onDone={onDone} />
    </>
  );
}

function Head({ product }: { product: Product | undefined }) {
  return (
    <div class="page-head">
      <a class="back" href="#/products">
        {t('products.back')}
      </a>
      <h1>{product?.name ?? t('products.title')}</h1>
      {product && (
        <span class={`badge ${product.active ? 'status-active' : 'status-ended'}`}>
          {product.active ? t('products.statusOn') : t('products.statusOff')}
        </span>
      )}
    </div>
  );
}

type ProductEdits = Partial<Pick<Product, 'name' | 'category_id' | 'description'>>;

function ProductForm({
  product,
  categories,
  onCategoryAdded,
  onSaved,
  onDone,
}: {
  product: Product;
  categories: Category[];
  onCategoryAdded: (category: Category) => void;
  onSaved: (product: Product) => void;
  onDone: (text: string) => void;
}) {
  const [edits, setEdits] = useState<ProductEdits>({});
  const [error, setError] = useState<Refusal>();
  const [busy, setBusy] = useState(false);
  const [asking, setAsking] = useState(false);
  const edit = (change: ProductEdits) => {
    setError(undefined);
    setEdits((e) => ({ ...e, ...change }));
  };
  const changed = Object.keys(edits).length > 0;

  async function save(patch: Parameters<typeof editProduct>[1], done: (p: Product) => string) {
    setBusy(true);
    setError(undefined);
    try {
      const saved = await editProduct(product.id, patch);
      setEdits({});
      onSaved(saved);
      onDone(done(saved));
    } catch (failure) {
      setError(catalogueRefusal(failure));
    } finally {
      setBusy(false);
      setAsking(false);
    }
  }
  return (
    <form
      class="card product-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (changed)
          save({ ...edits, ...(edits.name ? { name: edits.name.trim() } : {}) }, (p) =>
            t('products.saved', { name: p.name }),
          );
      }}
    >
      <ProductFields
        row={{
          name: edits.name ?? product.name,
          category_id: (edits.category_id === undefined ? product.category_id : edits.category_id) ?? '',
          description: edits.description ?? product.description,
        }}
        error={error}
        categories={categories}
        onCategoryAdded={onCategoryAdded}
        // No category is null to the API.
        onEdit={(change) =>
          edit('category_id' in change ? { category_id: change.category_id || null } : change)
        }
      />
      <Unplaced error={error} fields={['name']} />
      <div class="row">
        <button type="submit" disabled={!changed || busy}>
          {t('products.save')}
        </button>
        <span class="grow" />
        {product.active ? (
          <button type="button" class="danger" disabled={busy} onClick={() => setAsking(true)}>
            {t('products.takeOff')}
          </button>
        ) : (
          <button
            type="button"
            disabled={busy}
            onClick={() => save({ active: true }, (p) => t('products.putBackDone', { name: p.name }))}
          >
            {t('products.putBack')}
          </button>
        )}
      </div>
      {asking && (
        <Confirm
          title={t('products.takeOffTitle', { name: product.name })}
          yes={t('products.takeOff')}
          danger
          busy={busy}
          onYes={() => save({ active: false }, (p) => t('products.takeOffDone', { name: p.name }))}
          onNo={() => setAsking(false)}
        >
          <p>{t('products.takeOffText')}</p>
        </Confirm>
      )}
    </form>
  );
}
