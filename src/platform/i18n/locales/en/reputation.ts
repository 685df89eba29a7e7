/**
 * Messages of reputation: the kinds of event in words (`reputation.kind.<kind>`, also for the
 * kinds other modules add), the profile's reputation tab, and privileges (the refusal, an error
 * code and so a key, and what a page says a member needs). zh-CN/reputation.ts mirrors this file.
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
  'privilege.required': 'This needs {required} reputation; you have {current}.',
  'privilege.needs.upvote': 'Upvoting needs {required} reputation; you have {current}.',
  'privilege.needs.flag': 'Flagging needs {required} reputation; you have {current}.',
  'privilege.needs.comment_everywhere':
    'Commenting on others’ posts needs {required} reputation; you have {current}.',
  'privilege.needs.offer_bounty': 'Offering a bounty needs {required} reputation; you have {current}.',
  'privilege.needs.downvote': 'Downvoting needs {required} reputation; you have {current}.',
  'privilege.needs.review_queues': 'Reviewing needs {required} reputation; you have {current}.',
  'privilege.needs.see_vote_counts': 'Seeing vote counts needs {required} reputation; you have {current}.',
  'privilege.needs.create_tags':
    'Creating a new tag needs {required} reputation; you have {current}. Use tags that already exist.',
  'privilege.needs.edit_freely': 'Editing others’ posts needs {required} reputation; you have {current}.',
  'privilege.needs.close_reopen':
    'Voting to close or reopen needs {required} reputation; you have {current}.',
  'privilege.needs.moderator_tools': 'Moderator tools need {required} reputation; you have {current}.',
  'privilege.needs.protect_questions':
    'Protecting questions needs {required} reputation; you have {current}.',
} as const;
