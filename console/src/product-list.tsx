/**
 * The brand's catalogue, a SKU a line and a page at a time, newest products first or by name,
 * asked of the server: narrowed by category and by words (name, pinyin initials, SKU code or barcode,
 * as the search matches them), on or off sale for the catalogue's editors (off sale marked), each
 * beside its product's main photo (the photo's small thumbnail), a bundle marked with what it holds.
 * With a store, its prices beside the brand's, its own ones marked and, if asked, alone.
 */
import { useEffect, useState } from 'preact/hooks';
import { thumbnailUrl } from '../../commerce/catalogue/photo-url.js';
import { money } from './campaign-api';
import { CategorySelect } from './category-select';
import { FindBox } from './find-box';
import { t } from './i18n';
import { useLatestAnswer } from './latest-answer';
import { LoadError } from './load-error';
import { Pager } from './pager';
import { BundleNote } from './product-bundle';
import { type CatalogueLine, type Category, catalogue, type ListOrder, type Sale } from './products-api';

/** SKUs a page: a screenful, the demo's catalogue on two. */
export const PAGE_SIZE = 25;

/** What the list shows; kept by the page, so going back from a product finds it as it was. */
export interface ListFilter {
  q: string;
  category_id: string;
  ownOnly: boolean;
  sale: Sale;
  order: ListOrder;
  offset: number;
}

export function ProductList({
  filter,
  onFilter,
  categories,
  editor,
  storeId,
  onStatus,
}: {
  filter: ListFilter;
  /** A change other than the offset starts again at the first page. */
  onFilter: (change: Partial<ListFilter>) => void;
  categories: Category[];
  /** Sees off-sale products (the API's EDITORS). */
  editor: boolean;
  /** A store's prices are shown beside the brand's. */
  storeId: string | undefined;
  onStatus: (text: string) => void;
}) {
  /** The answer, with the words it answers: the status line never counts it under newer ones. */
  const [page, setPage] = useState<{ total: number; lines: CatalogueLine[]; q: string }>();
  const [error, setError] = useState<string>();
  const [version, setVersion] = useState(0);
  const latest = useLatestAnswer();

  const q = filter.q.trim();
  useEffect(() => {
    setError(undefined);
    setPage(undefined);
    const question = catalogue({
      q,
      category_id: filter.category_id,
      sale: filter.sale,
      order: filter.order,
      store_id: storeId,
      own_prices: filter.ownOnly,
      limit: PAGE_SIZE,
      offset: filter.offset,
    });
    latest.ask(question, (answer) => setPage({ ...answer, q }), setError);
  }, [q, filter.category_id, filter.sale, filter.order, filter.ownOnly, filter.offset, storeId, version]);

  const categoryName = new Map(categories.map((c) => [c.id, c.name]));
  const last = page ? filter.offset + page.lines.length : 0;
  useEffect(() => {
    onStatus(
      !page
        ? t('products.loading')
        : page.total === 0
          ? ''
          : page.total === 1
            ? t(page.q ? 'products.oneMatching' : 'products.one', { q: page.q })
            : t(page.q ? 'products.pageMatching' : 'products.page', {
                first: filter.offset + 1,
                last,
                total: page.total,
                q: page.q,
              }),
    );
  }, [page]);

  return (
    <>
      <div class="filters">
        <FindBox
          label={t('products.find')}
          placeholder={t('products.findPlaceholder')}
          words={filter.q}
          onFind={(q) => onFilter({ q })}
        />
        <CategorySelect
          label={t('products.category')}
          inline
          categories={categories}
          value={filter.category_id}
          none={t('products.allCategories')}
          onPick={(category_id) => onFilter({ category_id })}
        />
        {editor && (
          <label class="inline">
            {t('products.sale')}{' '}
            <select
              value={filter.sale}
              onChange={(e) => onFilter({ sale: (e.target as HTMLSelectElement).value as Sale })}
            >
              <option value="all">{t('products.saleAll')}</option>
              <option value="on">{t('products.saleOn')}</option>
              <option value="off">{t('products.saleOff')}</option>
            </select>
          </label>
        )}
        <label class="inline">
          {t('products.order')}{' '}
          <select
            value={filter.order}
            onChange={(e) => onFilter({ order: (e.target as HTMLSelectElement).value as ListOrder })}
          >
            <option value="newest">{t('products.orderNewest')}</option>
            <option value="name">{t('products.orderName')}</option>
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
        <LoadError
          message={error}
          tryAgain={t('products.tryAgain')}
          onRetry={() => setVersion((v) => v + 1)}
        />
      )}
      {!page && !error && <p class="hint">{t('products.loading')}</p>}
      {page && page.total === 0 && (
        <p class="empty-state">
          {t(filter.ownOnly && storeId ? 'products.noOwnMatch' : 'products.noMatch', {
            matching: q ? t('products.matching', { q }) : '',
            where: filter.category_id
              ? t('products.inCategory', { category: categoryName.get(filter.category_id) ?? '' })
              : '',
          })}
        </p>
      )}
      {page && page.lines.length > 0 && (
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
            {page.lines.map((line) => (
              <tr key={line.sku_id} data-sku={line.code} class={line.on_sale ? '' : 'muted'}>
                <td class="name">
                  {line.image ? (
                    <img class="thumb" src={thumbnailUrl(line.image)} alt="" loading="lazy" />
                  ) : (
                    <span class="thumb" />
                  )}
                  <a class="title" href={`#/products/${line.product_id}`}>
                    {line.name}
                  </a>{' '}
                  {!line.on_sale && <span class="badge status-ended">{t('products.statusOff')}</span>}
                  {line.sku_name && <small>{line.sku_name}</small>}
                  <BundleNote parts={line.components} />
                </td>
                <td>
                  {line.code}
                  {line.barcode && <small class="muted barcode">{line.barcode}</small>}
                </td>
                <td>{(line.category_id && categoryName.get(line.category_id)) || '–'}</td>
                <td class="num">{money(line.list_cents)}</td>
                {storeId && (
                  <td class="num" data-test="store-price">
                    {line.sold_here === false ? (
                      <span class="muted">{t('products.notSoldHere')}</span>
                    ) : (
                      <>
                        {typeof line.store_cents === 'number' && (
                          <span class="badge own-price">{t('products.ownPrice')}</span>
                        )}{' '}
                        {money(line.store_cents ?? line.list_cents)}
                      </>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {page && (
        <Pager
          offset={filter.offset}
          size={PAGE_SIZE}
          total={page.total}
          previous={t('products.previous')}
          next={t('products.next')}
          place={(span) => t('products.page', span)}
          onOffset={(offset) => onFilter({ offset })}
        />
      )}
    </>
  );
}
