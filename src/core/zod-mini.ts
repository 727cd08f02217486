import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

// zod/mini, for every shape gatewalk checks: logbook records, the verdict.sealed record, the signed
// head, the registry and runbook, the gates' parameters and the sandbox's state, scenario and change
// files. The build bundles this file on its own (scripts/build.mjs), where only the names below
// survive tree-shaking (~40 KB; classic zod, ~170 KB, is not bundled at all). Same engine, same
// messages: mini loads no locale by itself, so English is set here, as classic zod does by default.
// Import it as a namespace (`import * as z`); add a name here when a schema needs one.
/*! zod@4 (https://zod.dev), bundled into dist/zod-mini.js, the only part of dist/ that contains it:
 * MIT License
 *
 * Copyright (c) 2025 Colin McDonnell
 *
 * Permission is hereby granted, free of charge, to any person obtaining a copy
 * of this software and associated documentation files (the "Software"), to deal
 * in the Software without restriction, including without limitation the rights
 * to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
 * copies of the Software, and to permit persons to whom the Software is
 * furnished to do so, subject to the following conditions:
 *
 * The above copyright notice and this permission notice shall be included in all
 * copies or substantial portions of the Software.
 *
 * THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
 * IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
 * FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
 * AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
 * LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
 * OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
 * SOFTWARE.
 */
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
