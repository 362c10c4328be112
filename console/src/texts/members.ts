/** The texts of Members (members.tsx and its parts), in English (the reference) and Chinese; spread into texts/en.ts and texts/zh-CN.ts. */
export const membersEn = {} satisfies Record<string, string>;

export const membersZhCN: Record<keyof typeof membersEn, string> = {};
