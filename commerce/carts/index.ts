/** Carts: the shopper's cart kept on the server, read by the mini-program on any phone and by the offer ranker. */
export { cartLinesAt, type KeptCart, shoppersWithCarts } from './carts.js';
export { cartRoutes } from './routes.js';
export type { Cart, CartSet } from './schemas.js';
