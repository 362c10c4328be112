/** The texts of the Store maps editor (editor.tsx, zone-picker.tsx, plan-view.ts) and its scanners panel, in English (the reference) and Chinese; spread into texts/en.ts and texts/zh-CN.ts. */
export const mapEditorEn = {} satisfies Record<string, string>;

export const mapEditorZhCN: Record<keyof typeof mapEditorEn, string> = {};
