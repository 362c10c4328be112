/**
 * What a chosen store charges for each SKU of a product (the brand's price, or the store's own),
 * and its own price set or dropped for the brand's, by those who price the store.
 */
import { useEffect, useState } from 'preact/hooks';
import type { Store } from './api';
import { money } from './campaign-api';
import { t } from './i18n';
import type { Refusal } from './product-fields';
import {
  catalogueRefusal,
  centsOf,
  type Product,
  type Sku,
  type StorePrice,
  setStorePrice,
  storePrices,
  yuanTyped,
} from './products-api';
import { refusalOf } from './refusals';
import { StoreSelect } from './store-select';

export function StorePrices({
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
  const [prices, setPrices] = useState<Map<string, StorePrice>>();
  const [error, setError] = useState<string>();
  const [version, setVersion] = useState(0);
  useEffect(() => {
    // Off sale, no store sells it: nothing to price until it is back on sale.
    if (!storeId || !product.active) return;
    let current = true;
    setPrices(undefined);
    setError(undefined);
    storePrices(product.id, storeId).then(
      (answer) => current && setPrices(new Map(answer.map((price) => [price.sku_id, price]))),
      (e) => current && setError(refusalOf(e).message),
    );
    return () => {
      current = false;
    };
  }, [storeId, product, version]);
  const store = stores?.find((s) => s.id === storeId);
  return (
    <section class="card">
      <div class="card-head">
        <h2>{t('products.storePrices')}</h2>
        <StoreSelect stores={stores} value={storeId} onPick={onStore} />
      </div>
      <p class="hint top">{t('products.storePricesHint')}</p>
      {!product.active && <p class="empty-state">{t('products.offSaleEverywhere')}</p>}
      {product.active && error && <p class="error">{error}</p>}
      {product.active && !prices && !error && <p class="hint">{t('products.loading')}</p>}
      {product.active && prices && store && (
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
                price={prices.get(sku.id)}
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
  price: here,
  onDone,
}: {
  sku: Sku;
  store: Store;
  /** Undefined for a SKU added since the store's prices were read. */
  price: StorePrice | undefined;
  onDone: (text: string) => void;
}) {
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<Refusal>();
  const [busy, setBusy] = useState(false);
  const sold = here?.available ?? true;
  const own = typeof here?.price_cents === 'number';
  const charged = here?.price_cents ?? sku.price_cents;

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
        {!sold ? (
          <span class="muted">{t('products.notSoldHere')}</span>
        ) : (
          <>
            {own && <span class="badge own-price">{t('products.ownPrice')}</span>} {money(charged)}
          </>
        )}
      </td>
      <td>
        {sold && (
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
              placeholder={yuanTyped(charged)}
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
