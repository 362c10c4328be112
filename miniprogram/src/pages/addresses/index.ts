/**
 * My delivery addresses: the list (the default marked), an address added or changed in a form that
 * WeChat's address book and map fill in, made the default, deleted after asking. `?choose=1` (the
 * cart's Change): tapping an address, or saving one, makes it the checkout's and goes back.
 */

import {
  type AddressForm,
  type AddressRow,
  addressLine,
  addressOf,
  addressRow,
  blankForm,
  formOf,
  pickOnMap,
  rememberAddress,
  wechatAddress,
} from '../../lib/address-book';
import { api, type SavedAddress } from '../../lib/api';
import { confirmed, showError } from '../../lib/feedback';
import { type Texts, t } from '../../lib/i18n';
import { pageTexts } from '../../lib/page-texts';

type Tap<T> = { currentTarget: { dataset: T } };

/** The form's typed fields. */
type Typed = 'contact_name' | 'phone' | 'address' | 'door';

Page({
  data: {
    t: {} as Texts,
    choosing: false,
    rows: [] as AddressRow[],
    /** The address being added or changed; null: the list. */
    form: null as AddressForm | null,
    saving: false,
    loading: true,
    error: '',
  },
  book: [] as SavedAddress[],

  onLoad(query) {
    this.setData({ t: pageTexts('titleAddresses'), choosing: query.choose === '1' });
  },

  onShow(): Promise<void> {
    return this.load();
  },

  async load(): Promise<void> {
    try {
      this.book = await api.addresses();
      this.setData({ rows: this.book.map(addressRow), loading: false, error: '' });
    } catch (error) {
      this.setData({ loading: false, error: showError(error) });
    }
  },

  choose(e: Tap<{ id: string }>) {
    if (!this.data.choosing) return;
    rememberAddress(e.currentTarget.dataset.id);
    wx.navigateBack();
  },

  add() {
    this.setData({ form: blankForm(), error: '' });
  },

  edit(e: Tap<{ id: string }>) {
    const address = this.book.find((a) => a.id === e.currentTarget.dataset.id);
    if (address) this.setData({ form: formOf(address), error: '' });
  },

  closeForm() {
    this.setData({ form: null, error: '' });
  },

  /** Fills the form as the shopper changes it; a chooser the shopper cancels changes nothing. */
  fill(patch: Partial<AddressForm> | null) {
    if (patch && this.data.form) this.setData({ form: { ...this.data.form, ...patch } });
  },

  onField(e: Tap<{ field: Typed }> & { detail: { value: string } }) {
    this.fill({ [e.currentTarget.dataset.field]: e.detail.value });
  },

  onMakeDefault(e: { detail: { value: boolean } }) {
    this.fill({ makeDefault: e.detail.value });
  },

  async importFromWechat(): Promise<void> {
    try {
      this.fill(await wechatAddress());
    } catch (error) {
      this.setData({ error: showError(error) });
    }
  },

  async pickOnMap(): Promise<void> {
    try {
      this.fill(await pickOnMap(this.data.form?.pin ?? null));
    } catch (error) {
      this.setData({ error: showError(error) });
    }
  },

  async save(): Promise<void> {
    const { form } = this.data;
    if (!form || this.data.saving) return;
    const { pin } = form;
    if (!pin) {
      this.setData({ error: showError(new Error(t('addressNeedsPin'))) });
      return;
    }
    this.setData({ saving: true, error: '' });
    try {
      const address = addressOf({ ...form, pin });
      let saved = form.id ? await api.changeAddress(form.id, address) : await api.addAddress(address);
      if (form.makeDefault && !saved.is_default) saved = await api.makeDefaultAddress(saved.id);
      this.setData({ form: null, saving: false });
      if (this.data.choosing) {
        rememberAddress(saved.id);
        wx.navigateBack();
        return;
      }
      await this.load();
    } catch (error) {
      this.setData({ saving: false, error: showError(error) });
    }
  },

  async makeDefault(e: Tap<{ id: string }>): Promise<void> {
    try {
      await api.makeDefaultAddress(e.currentTarget.dataset.id);
    } catch (error) {
      this.setData({ error: showError(error) });
    }
    await this.load();
  },

  async remove(e: Tap<{ id: string }>): Promise<void> {
    const address = this.book.find((a) => a.id === e.currentTarget.dataset.id);
    if (!address) return;
    const content = t('deleteAddressConfirm', { address: addressLine(address) });
    if (!(await confirmed(t('deleteAddress'), content))) return;
    let refusal = '';
    try {
      await api.deleteAddress(address.id);
    } catch (error) {
      refusal = showError(error);
    }
    await this.load();
    if (refusal) this.setData({ error: refusal });
  },
});
