import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { z } from 'zod';
import { reviewerNameSchema } from '../../shared/domain/review-votes.js';
import { InputError } from '../errors.js';
import { writeFileAtomic } from '../fs-atomic.js';
import { STATE_FILE_MODE, type Workspace } from '../workspace.js';
import { readYamlFile } from '../yaml-file.js';

/**
 * The reviewer's name lives in the workspace's git-ignored state folder (.canary-gate/local.yaml, mode 0600), not in
 * canary-gate.yaml: that file is shared through git, and each person who opens the workspace is a reviewer of
 * their own. Other per-person settings can join it later, so it is a small YAML map and unknown keys are kept.
 */
export const LOCAL_SETTINGS_FILE = 'local.yaml';

const localSettingsSchema = z.looseObject({ reviewer: z.string().optional() });

function settingsFile(workspace: Workspace): string {
  return join(workspace.stateDir, LOCAL_SETTINGS_FILE);
}

/**
 * The local settings; a file that is not a YAML map reads as empty. It is this tool's own file, and a broken one must
 * not stop the app from opening (workspace.info reads it): the next setReviewer writes it anew.
 */
function readSettings(workspace: Workspace): z.output<typeof localSettingsSchema> {
  const file = settingsFile(workspace);
  if (!existsSync(file)) return {};
  try {
    return readYamlFile(file, localSettingsSchema.nullable()).value ?? {};
  } catch (err) {
    if (err instanceof InputError) return {};
    throw err;
  }
}

/** The reviewer name kept in this workspace, or null until one was given. */
export function readReviewer(workspace: Workspace): string | null {
  const name = readSettings(workspace).reviewer;
  const parsed = reviewerNameSchema.safeParse(name);
  return parsed.success ? parsed.data : null;
}

/** Keeps the reviewer's name (trimmed, 1-80 characters) in the workspace's local settings; returns it. */
export function setReviewer(workspace: Workspace, name: string): string {
  const parsed = reviewerNameSchema.safeParse(name);
  if (!parsed.success) throw new InputError(`reviewer name must be 1 to 80 characters, got "${name}"`, { field: 'reviewer' });
  const settings = { ...readSettings(workspace), reviewer: parsed.data };
  writeFileAtomic(settingsFile(workspace), stringify(settings), STATE_FILE_MODE);
  return parsed.data;
}
