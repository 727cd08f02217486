// The hash-chained JSONL logbook and its Markdown twin, impl_actual.
export { appendImplActual, appendImplActualSections, IMPL_ACTUAL_HEADER, type ImplActualSection } from './impl-actual.js';
export { appendLogbook, appendLogbookRecords, type LogbookEntry, readLogbook, readLogbookTail } from './logbook.js';
export { MASK, maskSecrets } from '../core/mask-secrets.js';
export { GENESIS, type KnownLogbookKind, LOGBOOK_KINDS, type LogbookRecord, recordHash } from './record.js';
export { verifyLogbook, type VerifyResult } from './verify.js';
