import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

// zod/mini, for the few shapes every command checks (logbook records, the verdict.sealed record, the
// sandbox's registry-copy record): the build bundles this file on its own (scripts/build.mjs), where
// only the names below survive tree-shaking (~20 KB, against ~170 KB of classic zod, which only
// loading a program from its sources and the gates' parameter schemas need). Same engine, same
// messages: mini loads no locale by itself, so English is set here, as classic zod does by default.
// Import it as a namespace (`import * as z`); add a name here when a schema needs one.
config(en());

export {
  array,
  boolean,
  enum,
  int,
  literal,
  minLength,
  nonnegative,
  object,
  positive,
  record,
  regex,
  strictObject,
  string,
  union,
  unknown,
} from 'zod/mini';
export type { infer } from 'zod/mini';
