import { afterEach, describe, expect, it } from 'vitest';
import { ProviderError } from './providers/provider.js';
import { forgetSecrets, registerSecret, scrubSecrets } from './secrets.js';

afterEach(() => forgetSecrets());

describe('scrubSecrets', () => {
  it('replaces every known secret with its variable name, longest first', () => {
    registerSecret('OPENAI_API_KEY', 'sk-abcdefgh12345');
    registerSecret('GATEWAY_KEY', 'sk-abcdefgh12345-long');
    expect(scrubSecrets('key sk-abcdefgh12345 and sk-abcdefgh12345-long, sk-abcdefgh12345')).toBe(
      'key [REDACTED:OPENAI_API_KEY] and [REDACTED:GATEWAY_KEY], [REDACTED:OPENAI_API_KEY]',
    );
  });

  it('ignores values too short to be secrets', () => {
    registerSecret('SHORT', 'abc1234');
    expect(scrubSecrets('abc1234')).toBe('abc1234');
  });

  it('scrubs provider errors as they are made', () => {
    registerSecret('CG_KEY', 'sk-secret-value-1');
    expect(new ProviderError('HTTP 401: Incorrect API key provided: sk-secret-value-1', 'http', 401, false).message).toBe(
      'HTTP 401: Incorrect API key provided: [REDACTED:CG_KEY]',
    );
  });
});

describe('ProviderError.configuration', () => {
  it('is a 4xx other than 408, 409 and 429; those, 5xx and network errors stay transient', () => {
    const configuration = (status: number | null, kind: ProviderError['kind'] = 'http') => new ProviderError('x', kind, status, false).configuration;
    expect([400, 401, 403, 404, 413, 422].map((s) => configuration(s))).toEqual([true, true, true, true, true, true]);
    expect([408, 409, 429, 500, 502, 503].map((s) => configuration(s))).toEqual([false, false, false, false, false, false]);
    expect(configuration(null, 'network')).toBe(false);
    expect(configuration(400, 'bad_response')).toBe(false);
  });
});
