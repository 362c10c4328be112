/**
 * The catalogue found as typed: words of the name, its pinyin initials, a SKU code or a barcode
 * (the catalogue's search, at most a hundred SKUs), narrowed to a category. With a store, its
 * prices beside the brand's, its own ones marked and, if asked, alone.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { money } from './campaign-api';
import { t } from './i18n';
import { type CatalogueHit, type Category, MOST_FOUND, searchCatalogue } from './products-api';
import { refusalOf } from './refusals';

/** Typing is sent once it pauses, not on every key. */
const TYPING_PAUSE_MS = 250;

/** What the list shows; kept by the page, so going back from a product finds it as it was. */
export interface ListFilter {
  q: string;
  category_id: string;
  ownOnly: boolean;
}

/** A category and the ones under it. */
function within(categories: Category[], id: string): Set<string> {
  const chosen = new Set([id]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const c of categories)
      if (c.parent_id && chosen.has(c.parent_id) && !chosen.has(c.id)) {
        chosen.add(c.id);
        grew = true;
      }
  }
  return chosen;
}

export function ProductList({
  filter,
  onFilter,
  categories,
  storeId,
  onStatus,
}: {
  filter: ListFilter;
  onFilter: (change: Partial<ListFilter>) => void;
  categories: Category[];
  /** A store's prices are shown beside the brand's. */
  storeId: string | undefined;
  onStatus: (text: string) => void;
}) {
  const [typed, setTyped] = useState(filter.q);
  const [hits, setHits] = useState<CatalogueHit[]>();
  const [error, setError] = useState<string>();
  const [version, setVersion] = useState(0);
  const asked = useRef(0);

  useEffect(() => {
    const pause = setTimeout(() => filter.q !== typed && onFilter({ q: typed }), TYPING_PAUSE_MS);
    return () => clearTimeout(pause);
  }, [typed]);
  const q = filter.q.trim();
  useEffect(() => {
    setError(undefined);
    if (!q) {
      setHits(undefined);
      return;
    }
    // Only the latest question's answer is shown: an earlier one may arrive after it.
    const question = ++asked.current;
    // The last words' SKUs are not these words' answer: the status line would count them under the new words.
    setHits(undefined);
    searchCatalogue(q, storeId)
      .then((answer) => question === asked.current && setHits(answer))
      .catch((e) => question === asked.current && setError(refusalOf(e).message));
  }, [q, storeId, version]);

  const inCategory = filter.category_id ? within(categories, filter.category_id) : undefined;
  const shown = hits?.filter(
    (hit) =>
      (!inCategory || (hit.category_id && inCategory.has(hit.category_id))) &&
      (!filter.ownOnly || hit.basis === 'store'),
  );
  const categoryName = new Map(categories.map((c) => [c.id, c.name]));
  useEffect(() => {
    onStatus(
      !q
        ? ''
        : !shown
          ? t('products.searching')
          : shown.length === 1
            ? t('products.found1', { q })
            : t('products.found', { count: shown.length, q }),
    );
  }, [q, shown?.length]);

  return (
    <>
      <div class="filters">
        <label class="inline">
          {t('products.find')}{' '}
          <input
            type="search"
            placeholder={t('products.findPlaceholder')}
            value={typed}
            onInput={(e) => setTyped((e.target as HTMLInputElement).value)}
          />
        </label>
        <label class="inline">
          {t('products.category')}{' '}
          <select
            value={filter.category_id}
            onChange={(e) => onFilter({ category_id: (e.target as HTMLSelectElement).value })}
          >
            <option value="">{t('products.allCategories')}</option>
            {categories.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        {storeId && (
          <label class="check">
            <input
              type="checkbox"
              checked={filter.ownOnly}
              onChange={(e) => onFilter({ ownOnly: (e.target as HTMLInputElement).checked })}
            />{' '}
            {t('products.ownOnly')}
          </label>
        )}
      </div>
      {error && (
        <p class="error">
          {error}{' '}
          <button type="button" class="small" onClick={() => setVersion((v) => v + 1)}>
            {t('products.tryAgain')}
          </button>
        </p>
      )}
      {!q && <p class="empty-state">{t('products.typeToFind')}</p>}
      {q && !shown && !error && <p class="hint">{t('products.searching')}</p>}
      {shown && shown.length === 0 && (
        <p class="empty-state">
          {t(filter.ownOnly ? 'products.noOwnMatch' : 'products.noMatch', {
            q,
            where: filter.category_id
              ? t('products.inCategory', { category: categoryName.get(filter.category_id) ?? '' })
              : '',
          })}
        </p>
      )}
      {shown && shown.length > 0 && (
        <table class="grid products" data-test="products">
          <thead>
            <tr>
              <th>{t('products.product')}</th>
              <th>{t('products.code')}</th>
              <th>{t('products.category')}</th>
              <th class="num">{t('products.brandPrice')}</th>
              {storeId && <th class="num">{t('products.storePrice')}</th>}
            </tr>
          </thead>
          <tbody>
            {shown.map((hit) => (
              <tr key={hit.sku_id} data-sku={hit.code}>
                <td class="name">
                  <a class="title" href={`#/products/${hit.product_id}`}>
                    {hit.name}
                  </a>
                  {hit.sku_name && <small>{hit.sku_name}</small>}
                </td>
                <td>
                  {hit.code}
                  {hit.barcode && <small class="muted barcode">{hit.barcode}</small>}
                </td>
                <td>{(hit.category_id && categoryName.get(hit.category_id)) || '–'}</td>
                <td class="num">{money(hit.list_cents)}</td>
                {storeId && (
                  <td class="num" data-test="store-price">
                    {hit.basis === 'store' && <span class="badge own-price">{t('products.ownPrice')}</span>}{' '}
                    {money(hit.unit_cents)}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {hits && hits.length >= MOST_FOUND && <p class="hint">{t('products.more', { count: MOST_FOUND })}</p>}
    </>
  );
}
