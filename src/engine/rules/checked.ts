/**
 * Start-up path for rulesets that were already checked: the bundled one (proven valid by the unit tests
 * and `npm run ruleset -- validate` in CI) and stored copies this same version of the code validated at
 * import. Full validation (zod plus regex safety and references) costs ~25 ms cold for the bundled ruleset
 * and ~70 ms for 1,000 rules; a service worker starts often, so here we only fill in the schema's
 * defaults — read from the zod schema itself, so they cannot drift — and compile.
 *
 * Never use this for data from outside (a file, a download, an old stored copy): use validate.ts.
 */
import type { z } from 'zod';
import { compileRuleset, type CompiledRuleset } from './compile';
import { rulesetSchema, type Ruleset } from './schema';

/** Compiles a ruleset that validateRuleset has already accepted (as written or as it returned it). */
export function compileCheckedRuleset(json: unknown): CompiledRuleset {
  return compileRuleset(withSchemaDefaults(json) as Ruleset);
}

/** The value as `rulesetSchema.parse` would return it for valid input: defaults filled, nothing checked. */
export function withSchemaDefaults(value: unknown, schema: z.core.$ZodType = rulesetSchema): unknown {
  const def = schema._zod.def as unknown as Def;
  switch (def.type) {
    case 'default':
      return value === undefined
        ? copyOf(typeof def.defaultValue === 'function' ? def.defaultValue() : def.defaultValue)
        : withSchemaDefaults(value, def.innerType!);
    case 'optional':
    case 'nullable':
      return value === undefined || value === null ? value : withSchemaDefaults(value, def.innerType!);
    case 'object': {
      if (!isObject(value)) return value;
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) {
        const field = def.shape![key] ?? def.catchall;
        out[key] = field ? withSchemaDefaults(item, field) : item;
      }
      for (const [key, field] of keysWithDefaults(schema, def)) {
        if (!(key in value)) out[key] = withSchemaDefaults(undefined, field);
      }
      return out;
    }
    case 'array':
      return Array.isArray(value) ? value.map((item) => withSchemaDefaults(item, def.element!)) : value;
    case 'record':
      if (!isObject(value)) return value;
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withSchemaDefaults(item, def.valueType!)]));
    case 'union': {
      // The first object option whose literal keys (the discriminator) fit; plain values need nothing.
      if (!isObject(value)) return value;
      const option = def.options!.find((o) => o._zod.def.type === 'object' && literalsFit(o, value));
      return option ? withSchemaDefaults(value, option) : value;
    }
    default:
      return value;
  }
}

const defaultKeysBySchema = new WeakMap<object, [string, z.core.$ZodType][]>();

/** An object schema's keys that have defaults, worked out once per schema rather than per object. */
function keysWithDefaults(schema: z.core.$ZodType, def: Def): [string, z.core.$ZodType][] {
  let keys = defaultKeysBySchema.get(schema);
  if (!keys) defaultKeysBySchema.set(schema, (keys = Object.entries(def.shape!).filter(([, field]) => field._zod.def.type === 'default')));
  return keys;
}

/** A fresh copy of a default, so no two results share it; the common `[]` and `{}` without structuredClone. */
function copyOf(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value) && !value.length) return [];
  if (!Array.isArray(value) && !Object.keys(value).length) return {};
  return structuredClone(value);
}

interface Def {
  type: string;
  innerType?: z.core.$ZodType;
  defaultValue?: unknown;
  shape?: Record<string, z.core.$ZodType>;
  catchall?: z.core.$ZodType;
  element?: z.core.$ZodType;
  valueType?: z.core.$ZodType;
  options?: z.core.$ZodType[];
}

function literalsFit(option: z.core.$ZodType, value: Record<string, unknown>): boolean {
  const shape = (option._zod.def as unknown as Def).shape ?? {};
  return Object.entries(shape).every(([key, field]) => {
    const fieldDef = field._zod.def as unknown as { type: string; values?: unknown[] };
    return fieldDef.type !== 'literal' || (fieldDef.values ?? []).includes(value[key]);
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
