/**
 * Products: the brand's catalogue, browsed a page at a time. Its editors (brand admins, marketers)
 * find, add and correct products and their SKUs (and add SKUs to them) and take them off sale;
 * store managers browse them at their store's prices, set a store's own price or go back to the brand's. The route names the page: `#/products`,
 * `#/products/new`, `#/products/<id>`.
 */
import './campaigns.css';
import './stock.css';
import './products.css';
import { useEffect, useState } from 'preact/hooks';
import { signedInRole, signedInStores } from './api';
import { t } from './i18n';
import { Nav } from './nav';
import { ProductDetail } from './product-detail';
import { type ListFilter, ProductList } from './product-list';
import { NewProduct } from './product-new';
import { type Category, EDITOR_ROLES, categories as readCategories } from './products-api';
import { StoreSelect, useStores } from './store-select';

export function ProductsPage({ path, onOut }: { path: string[]; onOut: () => void }) {
  const [notice, setNotice] = useState<{ text: string; error?: boolean }>();
  const [found, setFound] = useState('');
  const stores = useStores((text) => setNotice({ text, error: true }));
  const [picked, setPicked] = useState<string>();
  const storeId = picked ?? stores?.[0]?.id;
  const [categories, setCategories] = useState<Category[]>([]);
  const editor = EDITOR_ROLES.includes(signedInRole() ?? '');
  // Editors see the whole catalogue, off sale marked; the others what is on sale.
  const [filter, setFilter] = useState<ListFilter>({
    q: '',
    category_id: '',
    ownOnly: false,
    sale: editor ? 'all' : 'on',
    order: 'newest',
    offset: 0,
  });
  // A store manager's catalogue is their store's, at its prices; a brand admin's is the brand's.
  const storeBound = signedInStores() !== undefined;
  useEffect(() => {
    readCategories().then(setCategories, () => setCategories([]));
  }, []);

  const done = (text: string) => setNotice({ text });
  const categoryAdded = (category: Category) => {
    setCategories((all) => [...all, category]);
    done(t('products.categoryAdded', { name: category.name }));
  };
  const [page] = path;
  return (
    <div class="campaigns products-page">
      <Nav current="products" onOut={onOut} />
      <main class="page">
        {page === 'new' && editor ? (
          <NewProduct categories={categories} onCategoryAdded={categoryAdded} onDone={done} />
        ) : page && page !== 'new' ? (
          <ProductDetail
            id={page}
            categories={categories}
            onCategoryAdded={categoryAdded}
            editor={editor}
            stores={stores}
            storeId={storeId}
            onStore={setPicked}
            onDone={done}
          />
        ) : (
          <>
            <div class="page-head">
              <h1>{t('products.title')}</h1>
              {storeBound && <StoreSelect stores={stores} value={storeId} onPick={setPicked} />}
              {editor && (
                <a class="button primary" href="#/products/new">
                  {t('products.new')}
                </a>
              )}
            </div>
            <ProductList
              filter={filter}
              onFilter={(change) => {
                setNotice(undefined);
                setFilter((f) => ({ ...f, offset: 0, ...change }));
              }}
              categories={categories}
              editor={editor}
              storeId={storeBound ? storeId : undefined}
              onStatus={setFound}
            />
          </>
        )}
      </main>
      <footer class={`status${notice?.error ? ' error' : ''}`} aria-live="polite">
        {notice?.text ?? (page ? '' : found)}
      </footer>
    </div>
  );
}
