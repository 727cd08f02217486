// The policy evaluator (@cloud-copilot/iam-utils, under iam-simulate) matches an ARN against a
// resource type's pattern one character pair at a time with `a.localeCompare(b, undefined,
// { sensitivity: 'accent' })`. Called with options, V8 builds a new Intl.Collator on every call
// (~6–12 µs here, against ~0.07 µs for a kept one): a green M4.C makes 858 such calls, ~10 ms of
// the emulator's thread. The evaluator's exports are getters and its code is not ours to edit
// (AGPL, loaded as it ships), so the emulator keeps the collators instead. ECMA-402 defines
// `localeCompare(that, locales, options)` as comparing with `new Intl.Collator(locales, options)`,
// so one kept per (locales, options) compares exactly the same. Only plain calls are kept: a
// locale string or none, and options whose every setting is a string, boolean or undefined;
// anything else (a locale list, an options object with other values) goes to the original, as
// does a `this` that is not coercible to a string. The fix belongs upstream; this is the stand-in
// until then.

const OPTION_NAMES = ['usage', 'localeMatcher', 'collation', 'numeric', 'caseFirst', 'sensitivity', 'ignorePunctuation'] as const;
/** Distinct (locales, options) kept at most: the evaluator uses two. */
const MAX_KEPT = 32;
const INSTALLED = Symbol.for('gatewalk.collatorCache');

type LocaleCompare = (this: string, that: string, locales?: string | string[], options?: Intl.CollatorOptions) => number;

/** The settings of a plain call, in a fixed order (locales first), or undefined when the call is not plain. */
export function collatorSettings(locales: unknown, options: unknown): unknown[] | undefined {
  if (locales !== undefined && typeof locales !== 'string') return undefined;
  if (options === null || typeof options !== 'object') return undefined;
  const settings: unknown[] = [locales];
  for (const name of OPTION_NAMES) {
    const v = (options as Record<string, unknown>)[name];
    if (v !== undefined && typeof v !== 'string' && typeof v !== 'boolean') return undefined;
    settings.push(v);
  }
  return settings;
}

// Kept collators, one level per setting: the lookup on every call makes no key string (a JSON key
// cost ~1 µs a call, more than the compare it saves).
type Level = Map<unknown, Level | Intl.Collator>;

/** A localeCompare that keeps its collators, falling back to `original` for any other call. */
export function keptCollatorCompare(original: LocaleCompare): LocaleCompare {
  const root: Level = new Map();
  let count = 0;
  const keptFor = (settings: unknown[], locales?: string | string[], options?: Intl.CollatorOptions) => {
    let level = root;
    for (let i = 0; i < settings.length - 1; i++) {
      let next = level.get(settings[i]) as Level | undefined;
      if (next === undefined) {
        if (count >= MAX_KEPT) return undefined;
        level.set(settings[i], (next = new Map()));
      }
      level = next;
    }
    const last = settings[settings.length - 1];
    let collator = level.get(last) as Intl.Collator | undefined;
    if (collator === undefined && count < MAX_KEPT) {
      level.set(last, (collator = new Intl.Collator(locales, options)));
      count += 1;
    }
    return collator;
  };
  // The evaluator asks with the same settings call after call: the last ones are checked first.
  let last: unknown[] = [];
  let lastCollator: Intl.Collator | undefined;
  const same = (settings: unknown[]) => settings.length === last.length && settings.every((v, i) => v === last[i]);
  const compare = function localeCompare(this: string, that: string, locales?: string | string[], options?: Intl.CollatorOptions) {
    // A plain call needs a string-coercible receiver; everything else (null, undefined, a symbol)
    // is the original's to reject.
    const settings = this === null || this === undefined || typeof this === 'symbol' ? undefined : collatorSettings(locales, options);
    let collator: Intl.Collator | undefined;
    if (settings && same(settings)) collator = lastCollator;
    else if (settings && (collator = keptFor(settings, locales, options))) [last, lastCollator] = [settings, collator];
    if (collator === undefined) return original.call(this, that, locales, options);
    return collator.compare(`${this}`, `${that}`);
  };
  return Object.defineProperty(compare, 'length', { value: original.length }) as LocaleCompare;
}

/** Installs the kept-collator localeCompare on this thread's String.prototype (once). */
export function installCollatorCache(): void {
  const proto = String.prototype as unknown as Record<symbol, unknown> & { localeCompare: LocaleCompare };
  if (proto[INSTALLED]) return;
  Object.defineProperty(String.prototype, 'localeCompare', {
    value: keptCollatorCompare(proto.localeCompare),
    writable: true,
    enumerable: false,
    configurable: true,
  });
  Object.defineProperty(String.prototype, INSTALLED, { value: true });
}
