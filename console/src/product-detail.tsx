/**
 * One product (`#/products/<id>`): for the catalogue's editors its name, category and description,
 * each SKU's variant, barcode, price and sale, and taking it off sale (asked first: it then leaves
 * the search); for everyone who prices a store, what a chosen store charges for each SKU, its own
 * price set or dropped for the brand's. Changes show at once; a refusal shows at its field.
 */
import { useEffect, useState } from 'preact/hooks';
import type { Store } from './api';
import { money } from './campaign-api';
import { t } from './i18n';
import { Confirm, Problem, type Refusal, Unplaced } from './product-fields';
import {
  type CatalogueHit,
  type Category,
  catalogueRefusal,
  centsOf,
  editProduct,
  editSku,
  type Product,
  product as readProduct,
  type Sku,
  setStorePrice,
  storePrices,
  yuanTyped,
} from './products-api';
import { refusalOf } from './refusals';
import { StoreSelect } from './store-select';

export function ProductDetail({
  id,
  categories,
  editor,
  stores,
  storeId,
  onStore,
  onDone,
}: {
  id: string;
  categories: Category[];
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
    setError(undefined);
    readProduct(id).then(setProduct, (e) => setError(refusalOf(e).message));
  }, [id, version]);

  if (error)
    return (
      <>
        <Head product={undefined} />
        <p class="error">
          {error}{' '}
          <button type="button" class="small" onClick={() => setVersion((v) => v + 1)}>
            {t('products.tryAgain')}
          </button>
        </p>
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
        <ProductForm product={product} categories={categories} onSaved={setProduct} onDone={onDone} />
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
      <section class="card">
        <h2>{t('products.skus')}</h2>
        <table class="grid skus" data-test="skus">
          <thead>
            <tr>
              <th>{t('products.code')}</th>
              <th>{t('products.variant')}</th>
              <th>{t('products.barcode')}</th>
              <th class="num">{t('products.brandPrice')}</th>
              <th>{t('products.memberPrices')}</th>
              <th>{t('products.onSale')}</th>
              {editor && <th />}
            </tr>
          </thead>
          <tbody>
            {product.skus.map((sku) =>
              editor ? (
                <SkuEditor key={sku.id} sku={sku} onSaved={skuSaved} onDone={onDone} />
              ) : (
                <tr key={sku.id} data-sku={sku.code}>
                  <td>{sku.code}</td>
                  <td>{sku.name || '–'}</td>
                  <td>{sku.barcode ?? '–'}</td>
                  <td class="num">{money(sku.price_cents)}</td>
                  <td>
                    <MemberPrices sku={sku} />
                  </td>
                  <td>{sku.active ? t('products.yes') : t('products.no')}</td>
                </tr>
              ),
            )}
          </tbody>
        </table>
      </section>
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

function MemberPrices({ sku }: { sku: Sku }) {
  const tiers = Object.entries(sku.member_prices);
  if (tiers.length === 0) return <span class="muted">–</span>;
  return (
    <span class="member-prices">{tiers.map(([tier, cents]) => `${tier} ${money(cents)}`).join(' · ')}</span>
  );
}

type ProductEdits = Partial<Pick<Product, 'name' | 'category_id' | 'description'>>;

function ProductForm({
  product,
  categories,
  onSaved,
  onDone,
}: {
  product: Product;
  categories: Category[];
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
  const name = edits.name ?? product.name;
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
      <label>
        {t('products.name')}
        <input
          value={name}
          maxLength={200}
          required
          aria-invalid={error?.field === 'name'}
          onInput={(e) => edit({ name: (e.target as HTMLInputElement).value })}
        />
      </label>
      <Problem error={error} at="name" />
      <label>
        {t('products.category')}
        <select
          value={(edits.category_id === undefined ? product.category_id : edits.category_id) ?? ''}
          onChange={(e) => edit({ category_id: (e.target as HTMLSelectElement).value || null })}
        >
          <option value="">{t('products.noCategory')}</option>
          {categories.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('products.description')}
        <textarea
          rows={2}
          maxLength={5000}
          value={edits.description ?? product.description}
          onInput={(e) => edit({ description: (e.target as HTMLTextAreaElement).value })}
        />
      </label>
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

interface SkuEdits {
  name?: string;
  barcode?: string;
  price?: string;
  active?: boolean;
}

/** One SKU's row, its changes saved on their own. */
function SkuEditor({
  sku,
  onSaved,
  onDone,
}: {
  sku: Sku;
  onSaved: (sku: Sku) => void;
  onDone: (text: string) => void;
}) {
  const [edits, setEdits] = useState<SkuEdits>({});
  const [error, setError] = useState<Refusal>();
  const [busy, setBusy] = useState(false);
  const edit = (change: SkuEdits) => {
    setError(undefined);
    setEdits((e) => ({ ...e, ...change }));
  };

  async function save() {
    const patch: Parameters<typeof editSku>[1] = {};
    if (edits.name !== undefined) patch.name = edits.name.trim();
    if (edits.barcode !== undefined) patch.barcode = edits.barcode.trim() || null;
    if (edits.active !== undefined) patch.active = edits.active;
    if (edits.price !== undefined) {
      const cents = centsOf(edits.price);
      if (Number.isNaN(cents))
        return setError({ message: t('products.problem.priceTyped'), field: 'price_cents' });
      patch.price_cents = cents;
    }
    setBusy(true);
    setError(undefined);
    try {
      const saved = await editSku(sku.id, patch);
      setEdits({});
      onSaved(saved);
      onDone(t('products.skuSaved', { code: saved.code, price: money(saved.price_cents) }));
    } catch (failure) {
      setError(catalogueRefusal(failure));
    } finally {
      setBusy(false);
    }
  }
  const problems = (
    <>
      <Problem error={error} at="name" />
      <Problem error={error} at="barcode" />
      <Problem error={error} at="price_cents" />
      <Unplaced error={error} fields={['name', 'barcode', 'price_cents']} />
    </>
  );
  return (
    <>
      <tr data-sku={sku.code} class={error ? 'refused' : ''}>
        <td>{sku.code}</td>
        <td>
          <input
            aria-label={t('products.variantOf', { code: sku.code })}
            value={edits.name ?? sku.name}
            maxLength={200}
            onInput={(e) => edit({ name: (e.target as HTMLInputElement).value })}
          />
        </td>
        <td>
          <input
            aria-label={t('products.barcodeOf', { code: sku.code })}
            aria-invalid={error?.field === 'barcode'}
            value={edits.barcode ?? sku.barcode ?? ''}
            inputMode="numeric"
            maxLength={13}
            onInput={(e) => edit({ barcode: (e.target as HTMLInputElement).value })}
          />
        </td>
        <td class="num">
          <input
            class="price"
            aria-label={t('products.priceOf', { code: sku.code })}
            aria-invalid={error?.field === 'price_cents'}
            value={edits.price ?? yuanTyped(sku.price_cents)}
            inputMode="decimal"
            onInput={(e) => edit({ price: (e.target as HTMLInputElement).value })}
          />
        </td>
        <td>
          <MemberPrices sku={sku} />
        </td>
        <td>
          <input
            type="checkbox"
            aria-label={t('products.onSaleOf', { code: sku.code })}
            checked={edits.active ?? sku.active}
            onChange={(e) => edit({ active: (e.target as HTMLInputElement).checked })}
          />
        </td>
        <td class="actions">
          <button
            type="button"
            class="small primary"
            disabled={busy || Object.keys(edits).length === 0}
            onClick={save}
          >
            {t('products.saveSku')}
          </button>
        </td>
      </tr>
      {error && (
        <tr class="problems">
          <td colSpan={7}>{problems}</td>
        </tr>
      )}
    </>
  );
}

/** What a chosen store charges for each SKU, and its own price set or dropped for the brand's. */
function StorePrices({
  product,
  stores,
  storeId,
  onStore,
  onDone,
}: {
  product: Product;
  stores: Store[] | undefined;
  storeId: string | undefined;
  onStore: (id: string) => void;
  onDone: (text: string) => void;
}) {
  const [prices, setPrices] = useState<Map<string, CatalogueHit>>();
  const [error, setError] = useState<string>();
  const [version, setVersion] = useState(0);
  useEffect(() => {
    if (!storeId) return;
    setPrices(undefined);
    setError(undefined);
    storePrices(product.skus, storeId).then(setPrices, (e) => setError(refusalOf(e).message));
  }, [storeId, product, version]);
  const store = stores?.find((s) => s.id === storeId);
  return (
    <section class="card">
      <div class="card-head">
        <h2>{t('products.storePrices')}</h2>
        <StoreSelect stores={stores} value={storeId} onPick={onStore} />
      </div>
      <p class="hint top">{t('products.storePricesHint')}</p>
      {error && <p class="error">{error}</p>}
      {!prices && !error && <p class="hint">{t('products.loading')}</p>}
      {prices && store && (
        <table class="grid store-prices" data-test="store-prices">
          <thead>
            <tr>
              <th>{t('products.sku')}</th>
              <th class="num">{t('products.brandPrice')}</th>
              <th class="num">{t('products.priceAt', { store: store.code })}</th>
              <th>{t('products.newStorePrice')}</th>
            </tr>
          </thead>
          <tbody>
            {product.skus.map((sku) => (
              <StorePriceRow
                key={`${sku.id}:${storeId}`}
                sku={sku}
                store={store}
                hit={prices.get(sku.id)}
                onDone={(text) => {
                  setVersion((v) => v + 1);
                  onDone(text);
                }}
              />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function StorePriceRow({
  sku,
  store,
  hit,
  onDone,
}: {
  sku: Sku;
  store: Store;
  /** Undefined when the store does not sell the SKU. */
  hit: CatalogueHit | undefined;
  onDone: (text: string) => void;
}) {
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<Refusal>();
  const [busy, setBusy] = useState(false);
  const own = hit?.basis === 'store';

  async function price(cents: number | null) {
    setBusy(true);
    setError(undefined);
    try {
      await setStorePrice(sku.id, store.id, cents);
      setTyped('');
      onDone(
        cents === null
          ? t('products.brandPriceBack', { code: sku.code, store: store.code, price: money(sku.price_cents) })
          : t('products.storePriceSet', { code: sku.code, store: store.code, price: money(cents) }),
      );
    } catch (failure) {
      setError(catalogueRefusal(failure));
    } finally {
      setBusy(false);
    }
  }
  return (
    <tr data-sku={sku.code}>
      <td class="name">
        {sku.code}
        {sku.name && <small>{sku.name}</small>}
      </td>
      <td class="num">{money(sku.price_cents)}</td>
      <td class="num" data-test="price-here">
        {!hit ? (
          <span class="muted">{t('products.notSoldHere')}</span>
        ) : (
          <>
            {own && <span class="badge own-price">{t('products.ownPrice')}</span>} {money(hit.unit_cents)}
          </>
        )}
      </td>
      <td>
        {hit && (
          <form
            class="row"
            onSubmit={(e) => {
              e.preventDefault();
              const cents = centsOf(typed);
              if (Number.isNaN(cents))
                setError({ message: t('products.problem.priceTyped'), field: 'price_cents' });
              else price(cents);
            }}
          >
            <input
              class="price"
              aria-label={t('products.storePriceOf', { code: sku.code })}
              aria-invalid={Boolean(error)}
              placeholder={yuanTyped(hit.unit_cents)}
              value={typed}
              inputMode="decimal"
              onInput={(e) => {
                setError(undefined);
                setTyped((e.target as HTMLInputElement).value);
              }}
            />
            <button type="submit" class="small" disabled={busy || !typed.trim()}>
              {t('products.setPrice')}
            </button>
            {own && (
              <button type="button" class="small" disabled={busy} onClick={() => price(null)}>
                {t('products.useBrandPrice')}
              </button>
            )}
          </form>
        )}
        {error && (
          <p class="field-error" role="alert">
            {error.message}
          </p>
        )}
      </td>
    </tr>
  );
}
