import { describe, expect, it } from 'vitest';
import { describeEngineLoadError } from './engine-load-error.js';

describe('describeEngineLoadError', () => {
  it('names the rebuild when better-sqlite3 was built for another ABI', () => {
    const err = new Error("The module '/app/node_modules/better-sqlite3/build/Release/better_sqlite3.node' was compiled against a different Node.js version using NODE_MODULE_VERSION 115. This version of Node.js requires NODE_MODULE_VERSION 139.");
    const text = describeEngineLoadError(err);
    expect(text.startsWith(err.message)).toBe(true);
    expect(text).toContain('run `npx @electron/rebuild -f -w better-sqlite3`');
  });

  it('passes any other load failure through with what failed', () => {
    expect(describeEngineLoadError(new Error("Cannot find module '/app/dist/engine/api/dispatch.js'"))).toBe("the engine could not load: Cannot find module '/app/dist/engine/api/dispatch.js'");
    expect(describeEngineLoadError('boom')).toBe('the engine could not load: boom');
  });
});
