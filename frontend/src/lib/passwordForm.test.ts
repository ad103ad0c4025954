import { describe, expect, it } from 'vitest';
import { endedSentence } from './passwordForm';

describe('what a password change ended', () => {
  it('names each kind of credential with its count', () => {
    expect(endedSentence({ sessions_ended: 2, api_tokens_revoked: 1, calendar_feeds_revoked: 3 })).toBe(
      'Signed out 2 other sessions; revoked 1 API token; revoked 3 calendar feed links.',
    );
  });

  it('leaves out what there was none of, and says so when there was nothing', () => {
    expect(endedSentence({ sessions_ended: 0, api_tokens_revoked: 0, calendar_feeds_revoked: 1 })).toBe(
      'Revoked 1 calendar feed link.',
    );
    expect(endedSentence({ sessions_ended: 0, api_tokens_revoked: 0, calendar_feeds_revoked: 0 })).toBe(
      'Nothing else was signed in.',
    );
  });
});
