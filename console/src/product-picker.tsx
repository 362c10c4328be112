/**
 * What a campaign sells: categories picked from the brand's list and products found as the marketer
 * types (the catalogue's search: name, pinyin initials, barcode or code), shown as chips by name.
 * The search on its own (SkuSearch) also picks a bundle's components in the product forms.
 */
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { api } from './api';
import { type CampaignRules, type Category, money, type ProductHit, skuName } from './campaign-api';
import { t } from './i18n';
import { refusalOf } from './refusals';
// The search's list is styled there, wherever the search is shown.
import './campaigns.css';

type Products = CampaignRules['attribution'];

const SEARCH_DELAY_MS = 250;
const HITS = 8;

/** `Parent › Child` for a category under another, so two "Fresh" categories are told apart. */
function categoryLabel(categories: Category[], c: Category): string {
  const parent = c.parent_id && categories.find((p) => p.id === c.parent_id);
  return parent ? `${categoryLabel(categories, parent)} › ${c.name}` : c.name;
}

export function ProductPicker({
  categories,
  value,
  skuNames,
  onChange,
  onFound,
  readOnly = false,
}: {
  categories: Category[];
  value: Products;
  /** Names of the SKUs picked, as far as known. */
  skuNames: Map<string, string>;
  onChange: (next: Products) => void;
  /** A product picked from the search: its name, for the chips. */
  onFound: (hit: ProductHit) => void;
  /** An ended campaign's products: shown, not changed. */
  readOnly?: boolean;
}) {
  const unpicked = categories.filter((c) => !value.category_ids.includes(c.id));
  const categoryName = (id: string) => {
    const c = categories.find((x) => x.id === id);
    return c ? categoryLabel(categories, c) : t('campaigns.products.category');
  };
  const nothing = !value.sku_ids.length && !value.category_ids.length;
  return (
    <div class="product-picker">
      {!readOnly && (
        <div class="pair">
          <label>
            {t('campaigns.products.addCategory')}
            <select
              name="add-category"
              value=""
              onChange={(e) => {
                const id = (e.target as HTMLSelectElement).value;
                if (id) onChange({ ...value, category_ids: [...value.category_ids, id] });
              }}
            >
              <option value="">
                {t(
                  unpicked.length ? 'campaigns.products.chooseCategory' : 'campaigns.products.allCategories',
                )}
              </option>
              {unpicked.map((c) => (
                <option key={c.id} value={c.id}>
                  {categoryLabel(categories, c)}
                </option>
              ))}
            </select>
          </label>
          <SkuSearch
            label={t('campaigns.products.addProduct')}
            picked={value.sku_ids}
            onPick={(hit) => {
              onFound(hit);
              onChange({ ...value, sku_ids: [...value.sku_ids, hit.sku_id] });
            }}
          />
        </div>
      )}
      <ul class="chips products" data-test="picked-products" aria-label={t('campaigns.editor.sells')}>
        {value.category_ids.map((id) => (
          <ProductChip
            key={id}
            name={categoryName(id)}
            kind="category"
            onRemove={
              readOnly
                ? undefined
                : () => onChange({ ...value, category_ids: value.category_ids.filter((c) => c !== id) })
            }
          />
        ))}
        {value.sku_ids.map((id) => (
          <ProductChip
            key={id}
            name={skuNames.get(id) ?? t('campaigns.products.product')}
            kind="product"
            onRemove={
              readOnly
                ? undefined
                : () => onChange({ ...value, sku_ids: value.sku_ids.filter((s) => s !== id) })
            }
          />
        ))}
        {nothing && <li class="none">{t('campaigns.products.nonePicked')}</li>}
      </ul>
    </div>
  );
}

/**
 * A SKU found as one types (the catalogue's search), picked from the list by click or Enter; one
 * already `picked` is shown as added and not picked again. A campaign's products and a bundle's
 * components are picked with it.
 */
export function SkuSearch({
  label,
  picked,
  onPick,
  refuse,
}: {
  label: string;
  picked: string[];
  onPick: (hit: ProductHit) => void;
  /** Why a hit cannot be picked here (shown in its place), or undefined when it can. */
  refuse?: (hit: ProductHit) => string | undefined;
}) {
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<ProductHit[]>();
  const [searchError, setSearchError] = useState<string>();
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  /** The query the shown hits answer: a slow answer to an older one is dropped. */
  const latest = useRef('');
  /** Several on a page (a new product's bundles) each name their own list. */
  const listId = useId();

  useEffect(() => {
    const q = query.trim();
    latest.current = q;
    if (!q) {
      setHits(undefined);
      return;
    }
    const timer = setTimeout(() => {
      api
        .get<ProductHit[]>(`/catalogue/search?q=${encodeURIComponent(q)}&limit=${HITS}`)
        .then((found) => {
          if (latest.current !== q) return;
          setHits(found);
          setSearchError(undefined);
          setActive(0);
        })
        .catch((failure) => latest.current === q && setSearchError(refusalOf(failure).message));
    }, SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [query]);

  const pick = (hit: ProductHit) => {
    if (!picked.includes(hit.sku_id) && !refuse?.(hit)) onPick(hit);
  };
  /** The hits the list shows; undefined while it is closed. */
  const shown = open && query.trim() !== '' ? hits : undefined;

  function onKey(e: KeyboardEvent) {
    if (e.key === 'Enter') {
      // Enter picks the highlighted product; it never submits the form from here.
      e.preventDefault();
      if (shown?.[active]) pick(shown[active]);
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setOpen(true);
      if (hits?.length) setActive((active + (e.key === 'ArrowDown' ? 1 : hits.length - 1)) % hits.length);
    } else if (e.key === 'Escape') setOpen(false);
  }

  return (
    <div class="product-search">
      <label>
        {label}
        <input
          type="text"
          name="product-search"
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={Boolean(shown?.length)}
          aria-controls={listId}
          aria-activedescendant={shown?.[active] ? `${listId}-${shown[active].sku_id}` : undefined}
          autocomplete="off"
          placeholder={t('campaigns.products.searchPlaceholder')}
          value={query}
          onInput={(e) => {
            setQuery((e.target as HTMLInputElement).value);
            setOpen(true);
          }}
          onFocus={() => setOpen(true)}
          onBlur={() => setOpen(false)}
          onKeyDown={onKey}
        />
      </label>
      {shown && shown.length > 0 && (
        <div id={listId} role="listbox" aria-label={t('campaigns.products.found')}>
          {shown.map((hit, i) => {
            const added = picked.includes(hit.sku_id);
            const refused = refuse?.(hit);
            return (
              <div
                key={hit.sku_id}
                id={`${listId}-${hit.sku_id}`}
                role="option"
                // Focus stays in the search box (aria-activedescendant); a click still picks.
                tabIndex={-1}
                aria-selected={i === active}
                aria-disabled={added || refused !== undefined}
                // Picked before the input's blur closes the list.
                onMouseDown={(e) => {
                  e.preventDefault();
                  pick(hit);
                }}
                onMouseEnter={() => setActive(i)}
              >
                <span>{skuName(hit)}</span>
                <small class="hit-detail">
                  {added
                    ? t('campaigns.products.added')
                    : (refused ?? `${hit.code} · ${money(hit.list_cents)}`)}
                </small>
              </div>
            );
          })}
        </div>
      )}
      {shown?.length === 0 && <p class="hint">{t('campaigns.products.noMatch', { query: query.trim() })}</p>}
      {searchError && <p class="error">{searchError}</p>}
    </div>
  );
}

/** A category or product of the campaign's, as a chip; removable when `onRemove` is given. */
export function ProductChip({
  name,
  kind,
  onRemove,
}: {
  name: string;
  kind: 'category' | 'product';
  onRemove?: (() => void) | undefined;
}) {
  return (
    <li class={kind}>
      {name}
      {kind === 'category' && <small class="kind">{t('campaigns.products.categoryKind')}</small>}
      {onRemove && (
        <button type="button" aria-label={t('campaigns.remove', { name })} onClick={onRemove}>
          ×
        </button>
      )}
    </li>
  );
}
