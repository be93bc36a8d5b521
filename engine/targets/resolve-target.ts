import { SIMULATED_BASE_URL, type Target, type WorkspaceConfig } from '../../shared/domain/target.js';
import { InputError } from '../errors.js';
import { fingerprint } from '../hashing.js';
import { registerSecret } from '../secrets.js';

/** A named target from the workspace config with its content fingerprint. */
export interface ResolvedTarget {
  name: string;
  target: Target;
  fingerprint: string;
  simulated: boolean;
}

/** Looks up a target by name in canary-gate.yaml; the fingerprint covers every field of the frozen change. */
export function resolveTarget(config: WorkspaceConfig, name: string, configFile: string): ResolvedTarget {
  const target = config.targets[name];
  if (!target) {
    const known = Object.keys(config.targets);
    throw new InputError(`no target named "${name}"${known.length ? ` (known: ${known.join(', ')})` : ''}`, { file: configFile, field: `targets.${name}` });
  }
  // Rate limits and streaming are how we call, not what we call: they stay out of the fingerprint.
  const { limits: _limits, stream: _stream, ...frozen } = target;
  return { name, target, fingerprint: fingerprint(frozen), simulated: target.base_url === SIMULATED_BASE_URL };
}

/** Reads the target's API key from the environment variable it names; the key is never stored, and scrubbed from what is. */
export function apiKeyFor(t: ResolvedTarget, env: NodeJS.ProcessEnv, configFile: string): string | undefined {
  if (!t.target.api_key_env) return undefined;
  const key = env[t.target.api_key_env];
  if (!key) {
    throw new InputError(`environment variable ${t.target.api_key_env} (the API key of target "${t.name}") is not set`, {
      file: configFile,
      field: `targets.${t.name}.api_key_env`,
    });
  }
  registerSecret(t.target.api_key_env, key);
  return key;
}

/** Header names that carry credentials. */
const CREDENTIAL_HEADER = /authorization|api[-_]?key|token|secret|cookie|password/i;

/**
 * The target's extra HTTP headers as sent: a `{ env: NAME }` header read from that environment variable now (never
 * stored, and scrubbed from what is); a variable that is not set is bad input naming the target, header and variable.
 */
export function headersFor(t: ResolvedTarget, env: NodeJS.ProcessEnv, configFile: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(t.target.headers)) {
    if (typeof value === 'string') {
      // A credential written in the config (against the advice to use { env }) is scrubbed like one read from the
      // environment; other literal headers (Content-Type, a team name) are not, or every answer quoting them would be.
      if (CREDENTIAL_HEADER.test(name)) registerSecret(`targets.${t.name}.headers.${name}`, value);
      headers[name] = value;
      continue;
    }
    const read = env[value.env];
    if (!read) {
      throw new InputError(`environment variable ${value.env} (the value of header "${name}" of target "${t.name}") is not set`, {
        file: configFile,
        field: `targets.${t.name}.headers.${name}.env`,
      });
    }
    registerSecret(value.env, read);
    headers[name] = read;
  }
  return headers;
}

/** What a target reads from the environment to be called (its API key, its `{ env }` headers): bad input if any is missing. */
export function targetSecrets(t: ResolvedTarget, env: NodeJS.ProcessEnv, configFile: string): { apiKey: string | undefined; headers: Record<string, string> } {
  if (t.target.provider === 'recorded') return { apiKey: undefined, headers: {} };
  return { apiKey: apiKeyFor(t, env, configFile), headers: headersFor(t, env, configFile) };
}
