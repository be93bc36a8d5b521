import { resolve } from 'node:path';
import { generateSigningKeyPair, writeKeyPair } from '../../engine/signing/index.js';
import { openWorkspace } from '../../engine/workspace.js';
import type { Command } from '../command.js';
import { workspaceDir } from '../context.js';
import { EXIT } from '../exit-codes.js';

/** `canary-gate keys generate`: an ECDSA P-256 signing key pair (private key mode 0600). */
export const keysCommand: Command = {
  name: 'keys',
  summary: 'keys generate: create an ECDSA P-256 signing key pair (private key written mode 0600)',
  usage: 'keys generate [--out <dir>] [--force]',
  options: { out: { type: 'string' }, force: { type: 'boolean', default: false } },
  allowPositionals: true,
  async run({ values, positionals }, io) {
    if (positionals[0] !== 'generate' || positionals.length > 1) {
      io.err('canary-gate keys: usage: canary-gate keys generate [--out <dir>] [--force]');
      return EXIT.badInput;
    }
    const inWorkspace = typeof values.out !== 'string';
    const dir = inWorkspace ? openWorkspace(workspaceDir(values, io)).keysDir : resolve(io.cwd, String(values.out));
    const pair = generateSigningKeyPair();
    // Inside .canary-gate every file is the owner's alone; a key pair written elsewhere keeps a readable public half.
    const paths = writeKeyPair(dir, pair, { force: Boolean(values.force), ...(inWorkspace ? { publicKeyMode: 0o600 } : {}) });
    if (values.json) io.out(JSON.stringify({ key_id: pair.keyId, private_key: paths.privateKeyPath, public_key: paths.publicKeyPath }));
    else io.out(`Key id ${pair.keyId}\n  private: ${paths.privateKeyPath} (mode 0600 — keep it secret, e.g. a CI secret)\n  public:  ${paths.publicKeyPath} (share it with whoever verifies reports)`);
    return EXIT.ok;
  },
};
