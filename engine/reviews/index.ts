/** Blind review: votes, their summary and export, and the reviewer's name. */
export { castVote, type CastVoteInput } from './cast-vote.js';
export { listVotes, votesToJsonl } from './list-votes.js';
export { summarizeVotes, REVIEW_LEVEL } from './vote-summary.js';
export { readReviewer, setReviewer, LOCAL_SETTINGS_FILE } from './reviewer-name.js';
