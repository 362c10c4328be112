/** The texts of Campaigns (the list, the editor and its product picker, the report), in English (the reference) and Chinese; spread into texts/en.ts and texts/zh-CN.ts. */
export const campaignsEn = {} satisfies Record<string, string>;

export const campaignsZhCN: Record<keyof typeof campaignsEn, string> = {};
