/** The texts of the brand's Mini-program form (brand.tsx) and its referral panel, in English (the reference) and Chinese; spread into texts/en.ts and texts/zh-CN.ts. */
export const brandEn = {} satisfies Record<string, string>;

export const brandZhCN: Record<keyof typeof brandEn, string> = {};
