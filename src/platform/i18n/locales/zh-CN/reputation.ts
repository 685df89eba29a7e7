import type { reputationEn } from '../en/reputation.js';

/** 声望的消息：各类事件的说法（`reputation.kind.<kind>`）与个人主页的声望栏目。与 en/reputation.ts 一一对应。 */
export const reputationZhCN: Record<keyof typeof reputationEn, string> = {
  'reputation.kind.imported': '导入时带来的声望',
  'reputation.kind.question_upvoted': '问题被赞同',
  'reputation.kind.question_downvoted': '问题被反对',
  'reputation.kind.answer_upvoted': '回答被赞同',
  'reputation.kind.answer_downvoted': '回答被反对',
  'reputation.kind.downvoted_answer': '反对了一个回答',
  'reputation.kind.answer_accepted': '回答被采纳',
  'reputation.kind.accepted_answer': '采纳了一个回答',
  'reputation.kind.edit_approved': '编辑被通过',
  'reputation.kind.flag_upheld': '帖子被判定为垃圾或冒犯内容',
  'reputation.profile.tab': '声望',
  'reputation.profile.total': '声望 {total}',
  'reputation.profile.chart': '声望变化：从 {from} 到 {to}',
  'reputation.profile.history': '记录',
  'reputation.profile.undone': '已撤销',
  'reputation.profile.cut': '（已达每日上限或下限）',
  'reputation.profile.deleted_post': '已删除的帖子',
  'reputation.profile.empty': '还没有获得声望。',
  'reputation.profile.empty_own': '当别人赞同你的问题和回答，或采纳你的回答时，你会获得声望。',
};
