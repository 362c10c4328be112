/**
 * A product's category, picked from the brand's, or a new one added on the spot: a week's new
 * products may open a shelf the catalogue does not have yet.
 */
import { useState } from 'preact/hooks';
import { CategorySelect } from './category-select';
import { t } from './i18n';
import { addCategory, type Category, catalogueRefusal } from './products-api';

export function CategoryPick({
  categories,
  value,
  onPick,
  onAdded,
}: {
  categories: Category[];
  /** The category's id, or '' for none. */
  value: string;
  onPick: (id: string) => void;
  onAdded: (category: Category) => void;
}) {
  const [adding, setAdding] = useState(false);
  const [name, setName] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function add() {
    setBusy(true);
    setError(undefined);
    try {
      // Last on the shelf plan, after the brand's others.
      const category = await addCategory({ name: name.trim(), sort: categories.length });
      onAdded(category);
      onPick(category.id);
      setAdding(false);
      setName('');
    } catch (failure) {
      setError(catalogueRefusal(failure).message);
    } finally {
      setBusy(false);
    }
  }
  return (
    <div class="category-pick">
      <CategorySelect
        label={t('products.category')}
        categories={categories}
        value={value}
        none={t('products.noCategory')}
        onPick={onPick}
      />
      {adding ? (
        <div class="row">
          <input
            aria-label={t('products.newCategoryName')}
            value={name}
            maxLength={100}
            aria-invalid={Boolean(error)}
            onInput={(e) => {
              setError(undefined);
              setName((e.target as HTMLInputElement).value);
            }}
            onKeyDown={(e) => {
              // Enter adds the category, not the product the form around it would send.
              if (e.key === 'Enter') {
                e.preventDefault();
                if (name.trim()) add();
              }
            }}
          />
          <button type="button" class="small" disabled={busy || !name.trim()} onClick={add}>
            {t('products.addCategory')}
          </button>
          <button type="button" class="small link" onClick={() => setAdding(false)}>
            {t('dialog.cancel')}
          </button>
        </div>
      ) : (
        <button type="button" class="small link" onClick={() => setAdding(true)}>
          {t('products.newCategory')}
        </button>
      )}
      {error && (
        <p class="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
