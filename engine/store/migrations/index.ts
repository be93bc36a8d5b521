import type { Migration } from '../migration.js';
import { migration001 } from './001-initial.js';
import { migration002 } from './002-compact-traffic-fingerprint.js';
import { migration003 } from './003-response-cache.js';
import { migration004 } from './004-time-to-first-token.js';
import { migration005 } from './005-run-shards.js';
import { migration006 } from './006-batch-jobs.js';
import { migration007 } from './007-tool-replay.js';
import { migration008 } from './008-droppable-traffic-fingerprint-index.js';
import { migration009 } from './009-response-cache-rowid.js';
import { migration010 } from './010-replay-leases.js';
import { migration011 } from './011-case-search.js';
import { migration012 } from './012-review-votes.js';
import { migration013 } from './013-gate-policy-text.js';
import { migration014 } from './014-traffic-search.js';
import { migration015 } from './015-score-values.js';
import { migration016 } from './016-judgements.js';
import { migration017 } from './017-run-scoring.js';
import { migration018 } from './018-score-digests.js';

/** Every migration, in the order it is applied. Append only. */
export const migrations: readonly Migration[] = [migration001, migration002, migration003, migration004, migration005, migration006, migration007, migration008, migration009, migration010, migration011, migration012, migration013, migration014, migration015, migration016, migration017, migration018];
