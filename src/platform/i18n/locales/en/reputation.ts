/**
 * Messages of reputation: the kinds of event in words (`reputation.kind.<kind>`, also for the
 * kinds other modules add) and the profile's reputation tab. zh-CN/reputation.ts mirrors this file.
 */
export const reputationEn = {
  'reputation.kind.imported': 'Reputation brought from an import',
  'reputation.kind.question_upvoted': 'Question upvoted',
  'reputation.kind.question_downvoted': 'Question downvoted',
  'reputation.kind.answer_upvoted': 'Answer upvoted',
  'reputation.kind.answer_downvoted': 'Answer downvoted',
  'reputation.kind.downvoted_answer': 'Downvoted an answer',
  'reputation.kind.answer_accepted': 'Answer accepted',
  'reputation.kind.accepted_answer': 'Accepted an answer',
  'reputation.kind.edit_approved': 'Edit approved',
  'reputation.kind.flag_upheld': 'Post flagged as spam or offensive',
  'reputation.profile.tab': 'Reputation',
  'reputation.profile.total': '{total} reputation',
  'reputation.profile.chart': 'Reputation over time, from {from} to {to}',
  'reputation.profile.history': 'History',
  'reputation.profile.undone': 'undone',
  'reputation.profile.cut': '(daily limit or floor reached)',
  'reputation.profile.deleted_post': 'a deleted post',
  'reputation.profile.empty': 'No reputation earned yet.',
  'reputation.profile.empty_own':
    'You earn reputation when others upvote your questions and answers, or accept your answer.',
} as const;
