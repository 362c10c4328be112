/** The texts of Footfall & sales (store-days.tsx, chart.tsx), in English (the reference) and Chinese; spread into texts/en.ts and texts/zh-CN.ts. */
export const footfallEn = {} satisfies Record<string, string>;

export const footfallZhCN: Record<keyof typeof footfallEn, string> = {};
