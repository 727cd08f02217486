import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

// zod/mini, for every shape a run or the console checks once the program is cached: logbook records,
// the verdict.sealed record, the signed head, registry handles, the gates' parameters and the
// sandbox's state, scenario and change files. The build bundles this file on its own
// (scripts/build.mjs), where only the names below survive tree-shaking (~40 KB, against ~170 KB of
// classic zod, which now only validating a program from its sources loads). Same engine, same
// messages: mini loads no locale by itself, so English is set here, as classic zod does by default.
// Import it as a namespace (`import * as z`); add a name here when a schema needs one.
config(en());

export {
  _default,
  array,
  boolean,
  catchall,
  describe,
  discriminatedUnion,
  enum,
  extend,
  gte,
  int,
  iso,
  literal,
  looseObject,
  lte,
  maxLength,
  minLength,
  never,
  NEVER,
  nonnegative,
  number,
  object,
  omit,
  optional,
  partial,
  pipe,
  positive,
  record,
  refine,
  regex,
  required,
  startsWith,
  strictObject,
  string,
  superRefine,
  transform,
  union,
  unknown,
} from 'zod/mini';
export type { infer, input, output, ZodMiniObject, ZodMiniType } from 'zod/mini';
