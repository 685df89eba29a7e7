export { tagsModule } from './tags.module.js';
export { adjustTagCounts } from './tags.repository.js';
export { checkTags, normalizeTag, splitTagInput, tagLimits } from './tags.rules.js';
