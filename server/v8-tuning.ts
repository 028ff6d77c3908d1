/**
 * One V8 setting, made before the server allocates anything, so that `npm start`, the
 * bench and the tests run the same heap. Imported first by main.ts.
 *
 * Allocation-site pretenuring off. V8 watches which allocation sites' objects survive young
 * collections and then allocates theirs straight in the old generation. A room applies
 * updates to many documents in turn, and V8 came to pretenure Yjs's per-transaction maps and
 * sets, which die right after the update: in a loop applying title updates to 200 documents
 * 2.8 KB per update went to the old generation (7 bytes with this off), and in the bench's
 * S5 at 15,000 updates/s 147 MB in 15 s (6 MB with it off), which brought a major collection
 * every few seconds, ≈ 100 ms of a disturbed loop each. Node documents that flags set at
 * run time may have no effect; this one was measured to take effect (tests/bench/README.md).
 */
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--no-allocation-site-pretenuring');
