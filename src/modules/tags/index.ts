/**
 * Tags' only door: the tag rules (spelling, limits), counts kept by question writes, and the tag
 * records a tag's page shows. Tags sits below questions and imports no other module.
 */
import { contribute, type Extension } from '../../platform/extensions/index.js';
import { navSlot } from '../../platform/views/nav.js';

export { tagsModule } from './tags.module.js';
export { adjustTagCounts, type TagRecord } from './tags.repository.js';
export { checkTags, normalizeTag, splitTagInput, tagLimits } from './tags.rules.js';
export { describeTag, getTag } from './tags.service.js';

/** What tags adds to shared places: its section in the navigation. */
export const tagsExtension: Extension = {
  module: 'tags',
  contributions: [
    contribute(navSlot, { id: 'tags.nav', order: 20, area: 'main', href: '/tags', label: 'nav.tags' }),
  ],
};
