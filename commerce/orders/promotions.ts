/**
 * Where promotions and coupons plug in: the marketing work implements `PricingRule` and adds its
 * rules here at start-up; every order is priced with the rules present, in the order added.
 */
import type { PricingRule } from './pricing.js';

const rules: PricingRule[] = [];

export function addPricingRule(rule: PricingRule): void {
  if (rules.some((r) => r.id === rule.id)) throw new Error(`Pricing rule ${rule.id} is already added`);
  rules.push(rule);
}

export const pricingRules = (): readonly PricingRule[] => rules;
