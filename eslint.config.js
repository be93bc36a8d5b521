import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'crypto', 'http', 'https', 'child_process', 'url', 'stream', 'zlib', 'net', 'worker_threads'];

// Import boundaries of ARCHITECTURE.md, enforced by the build (npm test runs lint).
export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'canary-gate-demo/**', '.canary-gate/**', 'release/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Tests may read fixtures from disk; the isomorphic rule is for the product code.
    files: ['shared/**/*.ts'],
    ignores: ['shared/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: nodeBuiltins, message: 'shared/ is isomorphic: no Node built-ins.' },
          { group: ['electron', 'electron/*'], message: 'shared/ must not import electron.' },
          { group: ['**/engine/**', '**/cli/**', '**/renderer/**', '**/electron/**'], message: 'shared/ imports nothing of the other layers.' },
        ],
      }],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/engine/**', '**/cli/**', '**/electron/**'], message: 'renderer/ talks to the engine only through the WorkbenchClient contract (shared/contract).' },
          { group: nodeBuiltins, message: 'renderer/ runs in a browser: no Node built-ins.' },
          { group: ['electron', 'electron/*'], message: 'renderer/ must not import electron; use window.workbench.' },
        ],
      }],
    },
  },
  {
    // e2e/ drives the whole stack (including the renderer's real HTTP client), so it is not restricted here.
    files: ['engine/**/*.ts', 'cli/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['electron', 'electron/*'], message: 'Only electron/ may import electron.' },
          { group: ['**/renderer/**'], message: 'Node code must not import the renderer.' },
        ],
      }],
    },
  },
  {
    files: ['engine/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['electron', 'electron/*'], message: 'Only electron/ may import electron.' },
          { group: ['**/renderer/**', '**/cli/**'], message: 'engine/ is the core: it imports only shared/.' },
        ],
      }],
    },
  },
);
