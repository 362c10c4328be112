/** The catalogue: one for online and offline, with per-store prices, member prices and search. */
export { type AssortedSku, storeAssortment } from './assortment.js';
export { createCategory, listCategories } from './categories.js';
export { ean13, ean13CheckDigit, ean13Problem, isValidEan13 } from './ean13.js';
export { pinyinInitials } from './initials.js';
export { photoUrl, thumbnailUrl } from './photo-url.js';
export { thumbnailByHash } from './photos.js';
export { type PriceBasis, type SkuPrices, type UnitPrice, unitPrice } from './pricing.js';
export {
  addSku,
  createProduct,
  getProduct,
  getSku,
  knownSkuIds,
  setStorePrice,
  skuIdsByCode,
  skuSummaries,
  updateProduct,
  updateSku,
} from './products.js';
export { catalogueRoutes } from './routes.js';
export type {
  Category,
  CategoryCreate,
  Product,
  ProductCreate,
  ProductUpdate,
  SearchHit,
  SearchQuery,
  Sku,
  SkuCreate,
  SkuInStore,
  SkuSummary,
  SkuUpdate,
  StorePrice,
  StorePriceSet,
} from './schemas.js';
export { type ShelfItem, searchCatalogue, shelfItems, skuByBarcode } from './search.js';
export { skuInStore } from './sku-in-store.js';
export { type SkuWithPhoto, skuWithPhoto } from './sku-photo.js';
