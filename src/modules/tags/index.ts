/**
 * Tags' only door: the tag rules (spelling, limits), counts kept by question writes, and the tag
 * records a tag's page shows. Tags sits below questions and imports no other module.
 */
export { tagsModule } from './tags.module.js';
export { adjustTagCounts, type TagRecord } from './tags.repository.js';
export { checkTags, normalizeTag, splitTagInput, tagLimits } from './tags.rules.js';
export { describeTag, getTag } from './tags.service.js';
