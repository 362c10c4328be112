/** Products: the brand's catalogue for its editors and store managers. */
import { t } from './i18n';
import { Nav } from './nav';

export function ProductsPage({ onOut }: { path: string[]; onOut: () => void }) {
  return (
    <>
      <Nav current="products" onOut={onOut} />
      <main class="page">
        <h1>{t('nav.products')}</h1>
      </main>
    </>
  );
}
