import type { Migration } from 'kysely';
import * as m0001 from './0001-accounts.js';
import * as m0002 from './0002-community.js';
import * as m0003 from './0003-post-links.js';
import * as m0004 from './0004-jobs.js';
import * as m0005 from './0005-ledger.js';
import * as m0006 from './0006-search.js';
import * as m0007 from './0007-payments.js';
import * as m0008 from './0008-wallet.js';
import * as m0009 from './0009-question-tags.js';
import * as m0010 from './0010-bounties.js';
import * as m0011 from './0011-experts.js';
import * as m0012 from './0012-search-rank.js';
import * as m0013 from './0013-search-walk.js';
import * as m0014 from './0014-question-language.js';
import * as m0015 from './0015-ledger-facts.js';
import * as m0016 from './0016-math-html.js';
import * as m0017 from './0017-token-scopes.js';
import * as m0018 from './0018-link-rel.js';
import * as m0019 from './0019-username-skeleton.js';
import * as m0020 from './0020-app-secrets.js';
import * as m0022 from './0022-reputation.js';
import * as m0023 from './0023-imported-username-skeletons.js';
import * as m0024 from './0024-user-time-zone.js';
import * as m0025 from './0025-moderation.js';
import * as m0026 from './0026-member-directory.js';

/**
 * Every migration, in order. One entry per file, named NNNN-description; a landed migration is
 * never edited: change the schema with a new one.
 */
export const migrations: Record<string, Migration> = {
  '0001-accounts': m0001,
  '0002-community': m0002,
  '0003-post-links': m0003,
  '0004-jobs': m0004,
  '0005-ledger': m0005,
  '0006-search': m0006,
  '0007-payments': m0007,
  '0008-wallet': m0008,
  '0009-question-tags': m0009,
  '0010-bounties': m0010,
  '0011-experts': m0011,
  '0012-search-rank': m0012,
  '0013-search-walk': m0013,
  '0014-question-language': m0014,
  '0015-ledger-facts': m0015,
  '0016-math-html': m0016,
  '0017-token-scopes': m0017,
  '0018-link-rel': m0018,
  '0019-username-skeleton': m0019,
  '0020-app-secrets': m0020,
  '0022-reputation': m0022,
  '0023-imported-username-skeletons': m0023,
  '0024-user-time-zone': m0024,
  '0025-moderation': m0025,
  '0026-member-directory': m0026,
};
