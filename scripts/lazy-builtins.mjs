// Bundled libraries load some of Node's own modules that a run never uses. Each is compiled when first
// loaded (it is not in Node's start-up snapshot); together they cost ~13 ms of a green M4.C (side by
// side, 41 rounds). The AWS SDK (Apache-2.0, bundled into dist/aws-core) loads four on every AWS run that a run
// against the sandbox, and most runs against AWS, never need:
// - node:https (with tls and its eight modules) at load, and an https.Agent made when a client is
//   configured, even when the endpoint is plain http (the sandbox, `sandbox serve`). The handler
//   already makes its http.Agent on the first http request; the https.Agent is now made the same
//   way, on the first https request, and node:https is required then.
// - the global `crypto` (WebCrypto, ~4 ms) when the SDK's UUID helper is bound at load, only to call
//   crypto.randomUUID(), which is node:crypto's randomUUID (same generator, same format).
// - node:zlib when its CRC-32 class is defined at load (event-stream checksums, never used by the
//   commands gatewalk sends): now looked up when one is first constructed (still with `new`; the
//   object made is of the class chosen then, native or JavaScript, as before).
// - the globals Blob and ReadableStream (web streams, three more modules) on every answer, when the
//   stream collector asks whether the body is one of them before reading it as a Node stream: a
//   Node stream (every answer of node:http) is now recognised first. A Node Readable is neither a
//   Blob nor a web ReadableStream, so each body is read exactly as before.
// And signal-exit (ISC, under proper-lockfile, loaded by every command that writes) requires
// node:assert (four modules) for one check of its argument: assert is now required only when that
// check fails, and fails the same way.
// Every edit is an exact text that must be found (scripts/rewrite.mjs); test/cli/sdk-builtins.test.ts
// pins that runs against the sandbox compile none of these modules, on both programs, and points the
// bundled SDK at an https endpoint to see it still speak TLS.
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { rewrite } from './rewrite.mjs';

const BUILTIN = JSON.stringify(fileURLToPath(new URL('../src/core/code-cache/builtin.ts', import.meta.url)));

const EDITS = [
  {
    file: /[\\/]node_modules[\\/]signal-exit[\\/]index\.js$/,
    edits: [
      [
        "  var assert = require('assert')\n",
        "  var assert = { equal: function (actual, expected, message) { if (actual != expected) require('assert').equal(actual, expected, message) } }\n",
      ],
    ],
  },
  {
    file: /[\\/]@smithy[\\/]node-http-handler[\\/]dist-es[\\/]node-https\.js$/,
    edits: [
      [
        'import node_https from "node:https";\nexport { node_https };',
        `import { https } from ${BUILTIN};\nexport const node_https = { get Agent() { return https().Agent; }, get request() { return https().request; } };`,
      ],
    ],
  },
  {
    file: /[\\/]@smithy[\\/]node-http-handler[\\/]dist-es[\\/]node-http-handler\.js$/,
    edits: [
      ['            httpsAgent: (() => {\n', '            httpsAgentProvider: () => {\n'],
      [
        '                return new node_https.Agent({ keepAlive, maxSockets, ...httpsAgent });\n            })(),\n',
        '                return new node_https.Agent({ keepAlive, maxSockets, ...httpsAgent });\n            },\n',
      ],
      [
        '        if (!isSSL && !this.config.httpAgent) {\n',
        '        if (isSSL && !this.config.httpsAgent) {\n            this.config.httpsAgent = this.config.httpsAgentProvider();\n        }\n        if (!isSSL && !this.config.httpAgent) {\n',
      ],
    ],
  },
  {
    file: /[\\/]@smithy[\\/]core[\\/]dist-es[\\/]submodules[\\/]serde[\\/]uuid[\\/]v4\.js$/,
    edits: [
      ['export function bindV4(', 'import { randomUUID as nodeRandomUUID } from "node:crypto";\nexport function bindV4('],
      [
        'if (typeof crypto !== "undefined" && typeof crypto.randomUUID === "function") {\n        return () => crypto.randomUUID();',
        'if (typeof nodeRandomUUID === "function") {\n        return () => nodeRandomUUID();',
      ],
    ],
  },
  {
    file: /[\\/]@smithy[\\/]core[\\/]dist-es[\\/]submodules[\\/]checksum[\\/]crc32[\\/]Crc32Node\.js$/,
    edits: [
      ['import * as zlib from "node:zlib";', `import { zlib } from ${BUILTIN};`],
      [
        'const zlibCrc32 = typeof zlib.crc32 === "function" ? zlib.crc32 : undefined;\nexport const Crc32Node = zlibCrc32 ? buildNativeClass(zlibCrc32) : Crc32Js;',
        'let Crc32Impl;\nexport const Crc32Node = function Crc32Node() {\n    Crc32Impl ??= typeof zlib().crc32 === "function" ? buildNativeClass(zlib().crc32) : Crc32Js;\n    return new Crc32Impl();\n};',
      ],
    ],
  },
  {
    file: /[\\/]@smithy[\\/]core[\\/]dist-es[\\/]submodules[\\/]serde[\\/]util-stream[\\/]stream-collector\.js$/,
    edits: [
      ['import { Writable } from "node:stream";', 'import { Readable, Writable } from "node:stream";'],
      ['    if (isBlob(stream)) {', '    if (!(stream instanceof Readable) && isBlob(stream)) {'],
      ['    if (isReadableStream(stream)) {', '    if (!(stream instanceof Readable) && isReadableStream(stream)) {'],
    ],
  },
];

/** Every edit above, applied as esbuild loads the file; a file of the list that is never loaded fails the build too. */
export function lazyBuiltins() {
  const applied = new Set();
  return {
    name: 'lazy-builtins',
    setup(b) {
      for (const { file, edits } of EDITS) {
        b.onLoad({ filter: file }, (args) => {
          applied.add(file);
          return { loader: 'js', contents: rewrite(args.path, readFileSync(args.path, 'utf8'), edits) };
        });
      }
      b.onEnd(() => {
        const missing = EDITS.filter((e) => !applied.has(e.file));
        if (missing.length)
          throw new Error(`build: nothing loads ${missing.map((e) => e.file).join(', ')} any more; see scripts/lazy-builtins.mjs`);
      });
    },
  };
}
