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

/** A localeCompare that keeps its collators, falling back to `original` for any other call. */
export function keptCollatorCompare(original: LocaleCompare): LocaleCompare {
  // At most MAX_KEPT, searched by their settings (no key string is made: a JSON key cost ~1 µs a
  // call, more than the compare it saves). The evaluator asks with the same settings call after
  // call, so the last one found is tried first.
  const kept: Array<{ settings: unknown[]; collator: Intl.Collator }> = [];
  let last: (typeof kept)[number] | undefined;
  const matches = (k: (typeof kept)[number], settings: unknown[]) => settings.every((v, i) => v === k.settings[i]);
  const keptFor = (settings: unknown[], locales?: string | string[], options?: Intl.CollatorOptions) => {
    let found = last && matches(last, settings) ? last : kept.find((k) => matches(k, settings));
    if (!found && kept.length < MAX_KEPT) kept.push((found = { settings, collator: new Intl.Collator(locales, options) }));
    if (found) last = found;
    return found?.collator;
  };
  const compare = function localeCompare(this: string, that: string, locales?: string | string[], options?: Intl.CollatorOptions) {
    // A plain call needs a string-coercible receiver; everything else (null, undefined, a symbol)
    // is the original's to reject.
    const settings = this === null || this === undefined || typeof this === 'symbol' ? undefined : collatorSettings(locales, options);
    const collator = settings && keptFor(settings, locales, options);
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
