/**
 * The shopper's delivery addresses as the pages show and fill them: a row for the list and the
 * checkout, the form with what WeChat's address book and map give it, and the address the shopper
 * chose last (the checkout shows it, else the default).
 */
import type { NewAddress, SavedAddress } from './api';
import { t } from './i18n';
import { mapPointOf, type Pin, pinOf } from './location';

export interface AddressRow {
  id: string;
  /** "Li Wei 13900000001" */
  who: string;
  /** The address with its door. */
  where: string;
  isDefault: boolean;
}

/** The address and its door, as the courier reads them on the order. */
export const addressLine = (a: Pick<SavedAddress, 'address' | 'door'>) =>
  a.door ? `${a.address} ${a.door}` : a.address;

export const addressRow = (a: SavedAddress): AddressRow => ({
  id: a.id,
  who: `${a.contact_name} ${a.phone}`,
  where: addressLine(a),
  isDefault: a.is_default,
});

/** The form being filled: `id` '' for a new address; no pin until the shopper picks one on the map. */
export interface AddressForm {
  id: string;
  contact_name: string;
  phone: string;
  address: string;
  door: string;
  pin: Pin | null;
  /** What the map called the spot picked ("人民广场"), or the address when editing a kept one. */
  place: string;
  /** Editing the default: it stays the default (another is made the default instead). */
  isDefault: boolean;
  makeDefault: boolean;
}

export const blankForm = (): AddressForm => ({
  id: '',
  contact_name: '',
  phone: '',
  address: '',
  door: '',
  pin: null,
  place: '',
  isDefault: false,
  makeDefault: false,
});

export const formOf = (a: SavedAddress): AddressForm => ({
  id: a.id,
  contact_name: a.contact_name,
  phone: a.phone,
  address: a.address,
  door: a.door,
  pin: { lat: a.lat, lng: a.lng },
  place: a.address,
  isDefault: a.is_default,
  makeDefault: false,
});

/** What the server keeps of a pinned form. */
export const addressOf = (form: AddressForm & { pin: Pin }): NewAddress => ({
  contact_name: form.contact_name.trim(),
  phone: form.phone.trim(),
  address: form.address.trim(),
  door: form.door.trim(),
  ...form.pin,
});

/** A WeChat chooser as a promise: its answer, null when the shopper cancels, an Error otherwise. */
function chosen<T>(open: (callbacks: WxCallbacks<T>) => void): Promise<T | null> {
  return new Promise((resolve, reject) =>
    open({
      success: resolve,
      fail: ({ errMsg }) =>
        / cancel$/.test(errMsg) ? resolve(null) : reject(new Error(t('chooserFailed', { reason: errMsg }))),
    }),
  );
}

/** One of the addresses the shopper keeps in WeChat: whom, the phone and the address (no pin). */
export async function wechatAddress(): Promise<Pick<
  AddressForm,
  'contact_name' | 'phone' | 'address'
> | null> {
  const picked = await chosen<WxChosenAddress>((callbacks) => wx.chooseAddress(callbacks));
  if (!picked) return null;
  // Shanghai, Beijing and the other municipalities are their own province and city.
  const city = picked.cityName === picked.provinceName ? '' : picked.cityName;
  return {
    contact_name: picked.userName,
    phone: picked.telNumber,
    address: `${picked.provinceName}${city}${picked.countyName}${picked.detailInfo}`,
  };
}

/** A spot the shopper picks on WeChat's map (opened at `near` when given), its pin in WGS-84. */
export async function pickOnMap(
  near: Pin | null,
): Promise<Pick<AddressForm, 'pin' | 'place' | 'address'> | null> {
  const picked = await chosen<WxChosenLocation>((callbacks) =>
    wx.chooseLocation({ ...(near ? mapPointOf(near) : {}), ...callbacks }),
  );
  if (!picked) return null;
  return {
    pin: pinOf(picked),
    place: picked.name || picked.address,
    address: picked.address.endsWith(picked.name) ? picked.address : `${picked.address}${picked.name}`,
  };
}

const CHOSEN = 'ss.deliveryAddress';

/** The checkout delivers to this address from now on (while it is kept). */
export const rememberAddress = (id: string) => wx.setStorageSync(CHOSEN, id);

/** The address the shopper chose last, else the default; null for an empty book. */
export function chosenAddress(book: SavedAddress[]): SavedAddress | null {
  const last = wx.getStorageSync(CHOSEN);
  return book.find((a) => a.id === last) ?? book.find((a) => a.is_default) ?? null;
}
