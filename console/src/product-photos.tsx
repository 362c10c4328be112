/**
 * A product's photos, the main one first (the list's thumbnail and what shoppers see): for the
 * catalogue's editors a photo added from a file, made the main one or removed. A file too large is
 * said before it is sent; its type the server reads from the bytes and refuses in its own words.
 */
import { useState } from 'preact/hooks';
import { t } from './i18n';
import {
  addPhoto,
  catalogueRefusal,
  editProduct,
  PHOTO_MAX_BYTES,
  PHOTO_TYPES,
  PHOTOS_MAX,
  type Product,
  removePhoto,
} from './products-api';

/** The file's bytes in base64, as the API takes them. */
const base64Of = (file: File) =>
  new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });

export function ProductPhotos({
  product,
  editor,
  onSaved,
  onDone,
}: {
  product: Product;
  /** May change the brand's product (the API's EDITORS). */
  editor: boolean;
  onSaved: (product: Product) => void;
  onDone: (text: string) => void;
}) {
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const name = product.name;

  async function change(work: () => Promise<Product>, done: string) {
    setBusy(true);
    setError(undefined);
    try {
      onSaved(await work());
      onDone(done);
    } catch (failure) {
      setError(catalogueRefusal(failure).message);
    } finally {
      setBusy(false);
    }
  }

  async function upload(input: HTMLInputElement) {
    const file = input.files?.[0];
    // The same file chosen again after a refusal is a change too.
    input.value = '';
    if (!file) return;
    if (file.size > PHOTO_MAX_BYTES) {
      setError(t('products.problem.photoSize'));
      return;
    }
    const bytes = await base64Of(file);
    await change(() => addPhoto(product.id, file.type, bytes), t('products.photoAdded', { name }));
  }

  return (
    <section class="card product-photos" data-test="photos">
      <div class="card-head">
        <h2>{t('products.photos')}</h2>
      </div>
      <p class="hint top">{t('products.photosHint')}</p>
      {product.images.length === 0 ? (
        <p class="empty-state">{t('products.noPhotos')}</p>
      ) : (
        <ul class="photos">
          {product.images.map((url, i) => (
            <li key={url} data-test="photo">
              <img src={url} alt={t('products.photoOf', { n: i + 1, name })} />
              <div class="row">
                {i === 0 ? (
                  <span class="badge status-active">{t('products.mainPhoto')}</span>
                ) : (
                  editor && (
                    <button
                      type="button"
                      class="link"
                      disabled={busy}
                      onClick={() =>
                        change(
                          () =>
                            editProduct(product.id, {
                              images: [url, ...product.images.filter((other) => other !== url)],
                            }),
                          t('products.photoMadeMain', { name }),
                        )
                      }
                    >
                      {t('products.makeMain')}
                    </button>
                  )
                )}
                {editor && (
                  <button
                    type="button"
                    class="link danger"
                    disabled={busy}
                    onClick={() =>
                      change(() => removePhoto(product.id, url), t('products.photoRemoved', { name }))
                    }
                  >
                    {t('products.removePhoto')}
                  </button>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
      {editor &&
        (product.images.length < PHOTOS_MAX ? (
          <label class={`button file${busy ? ' disabled' : ''}`}>
            {busy ? t('products.uploading') : t('products.addPhoto')}
            <input
              type="file"
              accept={PHOTO_TYPES.join(',')}
              disabled={busy}
              onChange={(e) => upload(e.currentTarget)}
            />
          </label>
        ) : (
          <p class="hint">{t('products.photosFull', { max: PHOTOS_MAX })}</p>
        ))}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
