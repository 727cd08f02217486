import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

// zod/mini, for every shape gatewalk checks: logbook records, the verdict.sealed record, the signed
// head, the registry and runbook, the gates' parameters and the sandbox's state, scenario and change
// files. The build bundles this file on its own (scripts/build.mjs), where only the names below
// survive tree-shaking (~40 KB; classic zod, ~170 KB, is not bundled at all). Same engine, same
// messages: mini loads no locale by itself, so English is set here, as classic zod does by default.
// Import it as a namespace (`import * as z`); add a name here when a schema needs one. zod's MIT
// notice ships in dist/THIRD_PARTY_LICENSES.txt with the other bundled libraries'.
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
export type { core, infer, input, output, ZodMiniObject, ZodMiniType } from 'zod/mini';
