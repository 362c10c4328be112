/**
 * A product's SKUs: for the catalogue's editors each one's unit or size, barcode, price and sale
 * corrected in its row and saved on its own, its member prices in a dialog, one price per tier;
 * for others the same read only. A bundle's components are shown, never changed: the API sets them
 * when the SKU is added.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { money } from './campaign-api';
import { t } from './i18n';
import { BundleNote } from './product-bundle';
import { Confirm, Problem, type Refusal, Unplaced } from './product-fields';
import {
  catalogueRefusal,
  centsOf,
  editSku,
  type MemberTier,
  memberTiers,
  type Sku,
  yuanTyped,
} from './products-api';

export function SkuTable({
  skus,
  editor,
  onSaved,
  onDone,
  children,
}: {
  skus: Sku[];
  editor: boolean;
  onSaved: (sku: Sku) => void;
  onDone: (text: string) => void;
  /** Below the table: an editor's way to add one. */
  children?: ComponentChildren;
}) {
  const [tiers, setTiers] = useState<MemberTier[]>([]);
  useEffect(() => {
    memberTiers().then(setTiers, () => setTiers([]));
  }, []);
  return (
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
          {skus.map((sku) =>
            editor ? (
              <SkuEditor key={sku.id} sku={sku} tiers={tiers} onSaved={onSaved} onDone={onDone} />
            ) : (
              <tr key={sku.id} data-sku={sku.code}>
                <td>
                  {sku.code}
                  <BundleNote parts={sku.components} />
                </td>
                <td>{sku.name || '–'}</td>
                <td>{sku.barcode ?? '–'}</td>
                <td class="num">{money(sku.price_cents)}</td>
                <td>
                  <MemberPrices sku={sku} tiers={tiers} />
                </td>
                <td>{sku.active ? t('products.yes') : t('products.no')}</td>
              </tr>
            ),
          )}
        </tbody>
      </table>
      {skus.some((sku) => sku.components.length > 0) && <p class="hint">{t('products.bundleFixed')}</p>}
      {children}
    </section>
  );
}

/** A SKU's member prices, named as the brand names its tiers (`Gold ¥14.50`). */
function MemberPrices({ sku, tiers }: { sku: Sku; tiers: MemberTier[] }) {
  const priced = Object.entries(sku.member_prices);
  if (priced.length === 0) return <span class="muted">–</span>;
  const name = (code: string) => tiers.find((tier) => tier.code === code)?.name ?? code;
  return (
    <span class="member-prices">
      {priced.map(([code, cents]) => `${name(code)} ${money(cents)}`).join(' · ')}
    </span>
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
  tiers,
  onSaved,
  onDone,
}: {
  sku: Sku;
  tiers: MemberTier[];
  onSaved: (sku: Sku) => void;
  onDone: (text: string) => void;
}) {
  const [edits, setEdits] = useState<SkuEdits>({});
  const [error, setError] = useState<Refusal>();
  const [busy, setBusy] = useState(false);
  const [pricing, setPricing] = useState(false);
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
        <td>
          {sku.code}
          <BundleNote parts={sku.components} />
        </td>
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
          <MemberPrices sku={sku} tiers={tiers} />{' '}
          {tiers.length > 0 && (
            <button
              type="button"
              class="link small"
              aria-label={t('products.memberPricesOf', { code: sku.code })}
              onClick={() => setPricing(true)}
            >
              {t('products.change')}
            </button>
          )}
          {pricing && (
            <MemberPricesDialog
              sku={sku}
              tiers={tiers}
              onClose={() => setPricing(false)}
              onSaved={(saved) => {
                setPricing(false);
                onSaved(saved);
                onDone(t('products.memberPricesSaved', { code: saved.code }));
              }}
            />
          )}
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

/** One price per tier, in yuan; an empty one has no member price (the tier pays the shelf price). */
function MemberPricesDialog({
  sku,
  tiers,
  onClose,
  onSaved,
}: {
  sku: Sku;
  tiers: MemberTier[];
  onClose: () => void;
  onSaved: (sku: Sku) => void;
}) {
  const [typed, setTyped] = useState<Record<string, string>>(() =>
    Object.fromEntries(tiers.map((tier) => [tier.code, priceOrEmpty(sku.member_prices[tier.code])])),
  );
  const [error, setError] = useState<Refusal>();
  const [busy, setBusy] = useState(false);

  async function save() {
    const prices: Record<string, number> = {};
    for (const tier of tiers) {
      const text = typed[tier.code]?.trim();
      if (!text) continue;
      const cents = centsOf(text);
      if (Number.isNaN(cents))
        return setError({ message: t('products.problem.priceTyped'), field: `member_prices.${tier.code}` });
      prices[tier.code] = cents;
    }
    setBusy(true);
    setError(undefined);
    try {
      onSaved(await editSku(sku.id, { member_prices: prices }));
    } catch (failure) {
      setError(catalogueRefusal(failure));
      setBusy(false);
    }
  }
  const fields = tiers.map((tier) => `member_prices.${tier.code}`);
  return (
    <Confirm
      title={t('products.memberPricesTitle', { code: sku.code })}
      yes={t('products.save')}
      busy={busy}
      onYes={save}
      onNo={onClose}
    >
      <p class="hint">{t('products.memberPricesHint', { price: money(sku.price_cents) })}</p>
      {tiers.map((tier) => (
        <div key={tier.code}>
          <label>
            {t('products.tierPrice', { tier: tier.name })}
            <input
              value={typed[tier.code] ?? ''}
              inputMode="decimal"
              aria-invalid={error?.field === `member_prices.${tier.code}`}
              onInput={(e) => {
                setError(undefined);
                setTyped((all) => ({ ...all, [tier.code]: (e.target as HTMLInputElement).value }));
              }}
            />
          </label>
          <Problem error={error} at={`member_prices.${tier.code}`} />
        </div>
      ))}
      <Unplaced error={error} fields={fields} />
    </Confirm>
  );
}

const priceOrEmpty = (cents: number | undefined) => (cents === undefined ? '' : yuanTyped(cents));
