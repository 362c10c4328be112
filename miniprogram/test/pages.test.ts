/**
 * Static checks WeChat DevTools would only show at run time: every page app.json names exists with
 * its four files, and each page's wxml binds only data its page defines and calls only its handlers.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { en } from '../src/lib/texts/en';
import { installWx, pageDefinition } from './support/wx-fake';

const SRC = join(dirname(fileURLToPath(import.meta.url)), '../src');
const app = JSON.parse(readFileSync(join(SRC, 'app.json'), 'utf8')) as {
  pages: string[];
  tabBar: { list: { pagePath: string }[] };
};

const LITERALS = new Set(['true', 'false', 'null', 'undefined']);

/** The roots of the names a `{{…}}` expression reads: `item.place` → item, `a ? b : 'c'` → a, b. */
function bindingRoots(expression: string): string[] {
  const code = expression.replace(/'[^']*'|"[^"]*"/g, '');
  return [...code.matchAll(/(?<![\w$.])([A-Za-z_$][\w$]*)/g)]
    .map((m) => m[1]!)
    .filter((n) => !LITERALS.has(n));
}

/** Every `{{…}}` root in a wxml file, but for the names its wx:for loops give their items and indices. */
function dataRoots(wxml: string): string[] {
  const loopNames = new Set(['item', 'index']);
  for (const m of wxml.matchAll(/wx:for-(?:item|index)="([^"]+)"/g)) loopNames.add(m[1]!);
  const roots = [...wxml.matchAll(/\{\{(.*?)\}\}/gs)].flatMap((m) => bindingRoots(m[1]!));
  return [...new Set(roots)].filter((root) => !loopNames.has(root));
}

/** Every handler a wxml file binds (bindtap="x", catchtap="x", bind:change="x", bindgetphonenumber="x"). */
const handlers = (wxml: string) => [
  ...new Set([...wxml.matchAll(/\s(?:capture-)?(?:bind|catch):?[a-z]+="([^"]*)"/g)].map((m) => m[1]!)),
];

/** The dictionary keys a wxml file reads as `{{t.key}}` (its texts are set in onLoad, so not in `data`). */
const textKeys = (wxml: string) => [...wxml.matchAll(/(?<![\w$.])t\.(\w+)/g)].map((m) => m[1]!);

/** Words a wxml file shows as they are, outside `{{…}}`: text between tags and placeholders. */
const bareWords = (wxml: string) =>
  [
    ...wxml
      .replace(/<[^>]*>/g, (tag) => `<${tag.match(/placeholder="([^"]*)"/)?.[1] ?? ''}>`)
      .matchAll(/[^<>]+/g),
  ]
    .map((m) => m[0].replace(/\{\{.*?\}\}/gs, '').trim())
    .filter((text) => /[A-Za-z\u4e00-\u9fff]/.test(text));

describe('the wxml checks themselves', () => {
  it('find the texts read and the words shown as they are', () => {
    expect(textKeys('<text>{{scanning ? t.stop : t.showMe}}</text>{{item.t.x}}')).toEqual(['stop', 'showMe']);
    expect(
      bareWords('<input placeholder="Name" /><text class="a">{{t.x}} · Cart</text><view>{{n}} ›</view>'),
    ).toEqual(['Name', '· Cart']);
  });

  it('find the roots of expressions and leave out strings, literals and loop names', () => {
    expect(bindingRoots("item.level === level ? 'chosen' : ''")).toEqual(['item', 'level']);
    expect(bindingRoots('!stores.length && !error')).toEqual(['stores', 'error']);
    expect(
      dataRoots('<view wx:for="{{rows}}" wx:for-item="row">{{row.name}} {{index + 1}} {{true}}</view>'),
    ).toEqual(['rows']);
    expect(handlers('<button bindtap="pay" catchtap="stop" bind:change="x" data-bindtap="no">')).toEqual([
      'pay',
      'stop',
      'x',
    ]);
  });
});

describe.each(app.pages)('%s', (route) => {
  let definition: Record<string, unknown> & { data: Record<string, unknown> };
  const file = (ext: string) => join(SRC, `${route}.${ext}`);

  beforeAll(async () => {
    installWx();
    definition = await pageDefinition(route);
  });

  it('has its script, wxml, wxss and json', () => {
    for (const ext of ['ts', 'wxml', 'wxss', 'json'])
      expect(existsSync(file(ext)), `${route}.${ext}`).toBe(true);
    expect(() => JSON.parse(readFileSync(file('json'), 'utf8'))).not.toThrow();
  });

  it('binds only data the page defines', () => {
    const missing = dataRoots(readFileSync(file('wxml'), 'utf8')).filter(
      (root) => !(root in definition.data),
    );
    expect(missing).toEqual([]);
  });

  it('words every text through the dictionary', () => {
    const wxml = readFileSync(file('wxml'), 'utf8');
    expect(textKeys(wxml).filter((key) => !(key in en))).toEqual([]);
    expect(bareWords(wxml)).toEqual([]);
  });

  it('calls only handlers the page has', () => {
    const wxml = readFileSync(file('wxml'), 'utf8');
    const bound = handlers(wxml);
    const missing = bound.filter((name) => typeof definition[name] !== 'function');
    expect(missing).toEqual([]);
  });
});

it('has every tab among its pages', () => {
  for (const tab of app.tabBar.list) expect(app.pages).toContain(tab.pagePath);
});

describe("WeChat's customer service", () => {
  /** The attributes of the page's open-type="contact" button, which WeChat opens its customer-service chat from. */
  const contactButton = (route: string) => {
    const tag = readFileSync(join(SRC, `${route}.wxml`), 'utf8').match(
      /<button[^>]*open-type="contact"[^>]*>/,
    )?.[0];
    return Object.fromEntries([...(tag ?? '').matchAll(/([\w-]+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
  };

  it('is a tap away from an order, which goes along as a card opening it and names the chat', () => {
    expect(contactButton('pages/order/index')).toMatchObject({
      'session-from': 'order:{{order.id}}',
      'show-message-card': '{{true}}',
      'send-message-title': '{{order.number}}',
      'send-message-path': '/pages/order/index?id={{order.id}}',
    });
  });

  it('is a tap away from me', () => {
    expect(contactButton('pages/me/index')).toMatchObject({ 'session-from': 'me' });
  });
});
