/** The texts of Products (products.tsx and its parts), in English (the reference) and Chinese; spread into texts/en.ts and texts/zh-CN.ts. */
export const productsEn = {} satisfies Record<string, string>;

export const productsZhCN: Record<keyof typeof productsEn, string> = {};
