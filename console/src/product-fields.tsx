/**
 * The parts the product forms share: a refusal shown at its field, the question asked before a step
 * that stays, a product or SKU added once, a product's own fields (a new one's and one corrected), and a SKU's fields as typed (a
 * new product's and one added to a product).
 */
import type { ComponentChildren } from 'preact';
import { useRef, useState } from 'preact/hooks';
import { t } from './i18n';
import { useEscape } from './modal';
import { CategoryPick } from './product-category';
import { type Category, centsOf, creationKey, creationRefusal, type SkuDraft } from './products-api';

export interface Refusal {
  message: string;
  field?: string | undefined;
}

/** The refusal when it names this field (`skus.0.barcode`). */
export function Problem({ error, at }: { error: Refusal | undefined; at: string }) {
  if (error?.field !== at) return null;
  return (
    <p class="field-error" role="alert">
      {error.message}
    </p>
  );
}

/** The refusal when it names none of the form's fields (a store's, a taken code's, the network's). */
export function Unplaced({ error, fields }: { error: Refusal | undefined; fields: string[] }) {
  if (!error || (error.field && fields.includes(error.field))) return null;
  return (
    <p class="field-error" role="alert">
      {error.message}
    </p>
  );
}

export function Confirm({
  title,
  children,
  yes,
  danger,
  busy,
  onYes,
  onNo,
}: {
  title: string;
  children: ComponentChildren;
  yes: string;
  danger?: boolean;
  busy: boolean;
  onYes: () => void;
  onNo: () => void;
}) {
  useEscape(onNo);
  return (
    <div class="modal-backdrop">
      <div class="modal" role="dialog" aria-modal="true" aria-labelledby="confirm-title">
        <h3 id="confirm-title">{title}</h3>
        {children}
        <div class="row end">
          <button type="button" class="link" onClick={onNo} disabled={busy}>
            {t('dialog.cancel')}
          </button>
          <button type="button" class={danger ? 'danger-solid' : 'primary'} onClick={onYes} disabled={busy}>
            {busy ? t('dialog.sending') : yes}
          </button>
        </div>
      </div>
    </div>
  );
}

/**
 * Adds a product or a SKU once: its Idempotency-Key is kept across a retry after no answer (it may
 * have been added) and dropped when the form is edited, which also clears the refusal.
 */
export function useCreation(unsure: string) {
  const key = useRef<string | undefined>(undefined);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<Refusal>();
  const edited = () => {
    key.current = undefined;
    setError(undefined);
  };
  /** What `create` made, or nothing when it was refused or went unanswered (the refusal is `error`). */
  async function send<T>(create: (key: string) => Promise<T>): Promise<T | undefined> {
    key.current ??= creationKey();
    setSending(true);
    try {
      const created = await create(key.current);
      key.current = undefined;
      return created;
    } catch (failure) {
      // Without an answer it may have been added: the key stays, so adding again adds it once.
      setError(creationRefusal(failure, unsure));
      return undefined;
    } finally {
      setSending(false);
    }
  }
  return { send, edited, sending, error, setError };
}

/** A product's own fields as typed; no category is ''. */
export interface ProductRow {
  name: string;
  category_id: string;
  description: string;
}

/** A product's name, category (or a new one added) and description, a new one's or one corrected. */
export function ProductFields({
  row,
  error,
  categories,
  onCategoryAdded,
  onEdit,
}: {
  row: ProductRow;
  error: Refusal | undefined;
  categories: Category[];
  onCategoryAdded: (category: Category) => void;
  onEdit: (change: Partial<ProductRow>) => void;
}) {
  return (
    <>
      <label>
        {t('products.name')}
        <input
          value={row.name}
          maxLength={200}
          required
          aria-invalid={error?.field === 'name'}
          onInput={(e) => onEdit({ name: (e.target as HTMLInputElement).value })}
        />
      </label>
      <Problem error={error} at="name" />
      <CategoryPick
        categories={categories}
        value={row.category_id}
        onPick={(category_id) => onEdit({ category_id })}
        onAdded={onCategoryAdded}
      />
      <label>
        {t('products.description')}
        <textarea
          rows={2}
          maxLength={5000}
          value={row.description}
          onInput={(e) => onEdit({ description: (e.target as HTMLTextAreaElement).value })}
        />
      </label>
    </>
  );
}

/** A bundle's component as typed: its quantity as text, so a mistyped one is refused at its field. */
export interface PartRow {
  sku_id: string;
  name: string;
  qty: string;
}

/** A SKU as typed: its price in yuan; a bundle's components only while `bundle` is chosen. */
export interface SkuRow {
  code: string;
  name: string;
  barcode: string;
  price: string;
  bundle: boolean;
  parts: PartRow[];
}

export const emptySku = (): SkuRow => ({
  code: '',
  name: '',
  barcode: '',
  price: '',
  bundle: false,
  parts: [],
});

/** The fields a SKU's refusal may name, after `at` (`skus.0.`, or nothing for a SKU on its own). */
export const skuFields = (row: SkuRow, at: string) =>
  [
    'code',
    'name',
    'barcode',
    'price_cents',
    'components',
    ...row.parts.map((_, i) => `components.${i}.qty`),
  ].map((field) => `${at}${field}`);

/**
 * The SKU to send, or what the console cannot send: a price it cannot read, a bundle of nothing, a
 * quantity that is not a whole number (the server says what range a quantity may take).
 */
export function skuDraft(row: SkuRow, at: string): SkuDraft | Refusal {
  const cents = centsOf(row.price);
  if (Number.isNaN(cents)) return { message: t('products.problem.priceTyped'), field: `${at}price_cents` };
  const parts = row.bundle ? row.parts : [];
  if (row.bundle && parts.length === 0)
    return { message: t('products.problem.noParts'), field: `${at}components` };
  const typo = parts.findIndex((part) => !/^\d+$/.test(part.qty.trim()));
  if (typo >= 0) return { message: t('products.problem.qty'), field: `${at}components.${typo}.qty` };
  return {
    code: row.code.trim(),
    ...(row.name.trim() ? { name: row.name.trim() } : {}),
    ...(row.barcode.trim() ? { barcode: row.barcode.trim() } : {}),
    price_cents: cents,
    ...(parts.length
      ? { components: parts.map((part) => ({ sku_id: part.sku_id, qty: Number(part.qty.trim()) })) }
      : {}),
  };
}

/** A SKU's code, unit or size, barcode and price, each with its refusal (fields named after `at`). */
export function SkuFields({
  row,
  at,
  error,
  onEdit,
}: {
  row: SkuRow;
  at: string;
  error: Refusal | undefined;
  onEdit: (change: Partial<SkuRow>) => void;
}) {
  const typed = (e: Event) => (e.target as HTMLInputElement).value;
  return (
    <>
      <div>
        <label>
          {t('products.code')}
          <input
            value={row.code}
            required
            maxLength={64}
            placeholder="FRS-101"
            aria-invalid={error?.field === `${at}code`}
            onInput={(e) => onEdit({ code: typed(e) })}
          />
        </label>
        <Problem error={error} at={`${at}code`} />
      </div>
      <div>
        <label>
          {t('products.variant')}
          <input
            value={row.name}
            maxLength={200}
            placeholder={t('products.variantPlaceholder')}
            onInput={(e) => onEdit({ name: typed(e) })}
          />
        </label>
        <Problem error={error} at={`${at}name`} />
      </div>
      <div>
        <label>
          {t('products.barcode')}
          <input
            value={row.barcode}
            inputMode="numeric"
            maxLength={13}
            placeholder="6921234567892"
            aria-invalid={error?.field === `${at}barcode`}
            onInput={(e) => onEdit({ barcode: typed(e) })}
          />
        </label>
        <Problem error={error} at={`${at}barcode`} />
      </div>
      <div>
        <label>
          {t('products.priceYuan')}
          <input
            value={row.price}
            inputMode="decimal"
            required
            placeholder="12.50"
            aria-invalid={error?.field === `${at}price_cents`}
            onInput={(e) => onEdit({ price: typed(e) })}
          />
        </label>
        <Problem error={error} at={`${at}price_cents`} />
      </div>
    </>
  );
}
