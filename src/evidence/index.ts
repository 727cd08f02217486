// Sealed verdict evidence: atomic, never-overwritten roots under <evidence_root>/<phase>/<stamp>/.
export { type LoadedVerdict, latestVerdict, listVerdicts, readVerdict, type VerdictRef } from './reader.js';
export { removeStaleStaging } from './staging.js';
export { compareStampDirs, formatStamp, STAMP_DIR } from './stamp.js';
export { type SealedVerdict, type SealInput, sealVerdict, STAGING_PREFIX } from './writer.js';
