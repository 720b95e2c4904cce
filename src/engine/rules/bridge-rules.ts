/**
 * Checks for bridge rules (requests through super-app JS bridges and app logins) that the schema
 * cannot express, each with the path and a reason; called from validate.ts.
 */
import type { BridgeRule } from './schema';

type Report = (path: string, reason: string) => void;

export function checkBridgeRules(
  rules: readonly BridgeRule[],
  pathOf: (item: object) => string,
  checkRule: (rule: { id: string; category: string }) => void,
  err: Report,
): void {
  for (const rule of rules) {
    checkRule(rule);
    const path = pathOf(rule);
    rule.apis.forEach((api, j) => {
      if (rule.apis.indexOf(api) !== j) err(`${path}.apis[${j}]`, `lists "${api}" twice`);
    });
    rule.unlessOptions.forEach((option, j) => {
      if (rule.options.includes(option)) err(`${path}.unlessOptions[${j}]`, `"${option}" is also in options: the rule could never match`);
    });
    // Without a scope an OAuth rule would count every silent login (snsapi_base, auth_base) too.
    if (rule.apis.includes('oauth') && !rule.options.some((o) => o.startsWith('scope='))) {
      err(
        `${path}.options`,
        'an "oauth" rule must name its scope, e.g. "scope=snsapi_userinfo": silent logins (snsapi_base) ask for nothing',
      );
    }
  }
}
