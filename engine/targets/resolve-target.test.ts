import { afterEach, describe, expect, it } from 'vitest';
import { workspaceConfigSchema } from '../../shared/domain/target.js';
import { InputError } from '../errors.js';
import { forgetSecrets, scrubSecrets } from '../secrets.js';
import { headersFor, resolveTarget } from './resolve-target.js';

afterEach(() => forgetSecrets());

const configWith = (headers: Record<string, unknown>) =>
  workspaceConfigSchema.parse({ targets: { azure: { provider: 'openai-chat', base_url: 'https://example.openai.azure.com/openai', model: 'gpt', headers } } });

describe('literal headers', () => {
  it('a credential written in the config is scrubbed like one from the environment; other headers are not', () => {
    const t = resolveTarget(configWith({ Authorization: 'Bearer sk-literal-123456', 'x-tenant-name': 'acme-support-team' }), 'azure', 'canary-gate.yaml');
    headersFor(t, {}, 'canary-gate.yaml');
    expect(scrubSecrets('echo: Bearer sk-literal-123456')).toBe('echo: [REDACTED:targets.azure.headers.Authorization]');
    expect(scrubSecrets('for acme-support-team')).toBe('for acme-support-team');
  });
});

describe('headers from the environment', () => {
  it('are read at call time, registered as secrets, and fingerprinted by variable name only', () => {
    const t = resolveTarget(configWith({ 'api-key': { env: 'AZURE_OPENAI_KEY' }, 'x-tenant': 'acme' }), 'azure', 'canary-gate.yaml');
    expect(t.target.headers).toEqual({ 'api-key': { env: 'AZURE_OPENAI_KEY' }, 'x-tenant': 'acme' });
    expect(headersFor(t, { AZURE_OPENAI_KEY: 'azure-secret-1234' }, 'canary-gate.yaml')).toEqual({ 'api-key': 'azure-secret-1234', 'x-tenant': 'acme' });
    expect(scrubSecrets('got azure-secret-1234')).toBe('got [REDACTED:AZURE_OPENAI_KEY]');
    expect(JSON.stringify(t)).not.toContain('azure-secret-1234');
    const renamed = resolveTarget(configWith({ 'api-key': { env: 'OTHER_KEY' }, 'x-tenant': 'acme' }), 'azure', 'canary-gate.yaml');
    expect(renamed.fingerprint).not.toBe(t.fingerprint);
    const otherHeader = resolveTarget(configWith({ 'x-api-key': { env: 'AZURE_OPENAI_KEY' }, 'x-tenant': 'acme' }), 'azure', 'canary-gate.yaml');
    expect(otherHeader.fingerprint).not.toBe(t.fingerprint);
  });

  it('a missing variable is bad input naming the target, the header and the variable', () => {
    const t = resolveTarget(configWith({ 'api-key': { env: 'AZURE_OPENAI_KEY' } }), 'azure', 'canary-gate.yaml');
    let thrown: unknown;
    try {
      headersFor(t, {}, 'canary-gate.yaml');
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(InputError);
    expect((thrown as InputError).describe()).toBe(
      'canary-gate.yaml: targets.azure.headers.api-key.env: environment variable AZURE_OPENAI_KEY (the value of header "api-key" of target "azure") is not set',
    );
  });

  it('an object header must be exactly { env: NAME }', () => {
    expect(() => configWith({ 'api-key': { env: 'AZURE_OPENAI_KEY', value: 'x' } })).toThrow(/unknown key `value`/);
    expect(() => configWith({ 'api-key': { env: 'not a name' } })).toThrow(/environment variable/);
  });
});
