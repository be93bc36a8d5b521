import type { Command } from '../command.js';
import { caseCommand, casesCommand } from './cases.js';
import { demoCommand } from './demo.js';
import { gateCommand } from './gate.js';
import { importCommand } from './import.js';
import { initCommand } from './init.js';
import { judgeCommand } from './judge.js';
import { keysCommand } from './keys.js';
import { mergeCommand } from './merge.js';
import { replayCommand } from './replay.js';
import { reviewCommand } from './review.js';
import { scoreCommand } from './score.js';
import { serveCommand } from './serve.js';
import { showCommand } from './show.js';
import { suiteCommand } from './suite.js';
import { trafficCommand } from './traffic.js';
import { verifyCommand } from './verify.js';

/** Every command, in the order help lists them (the order of the release loop). */
export const commands: readonly Command[] = [demoCommand, initCommand, importCommand, trafficCommand, suiteCommand, replayCommand, judgeCommand, scoreCommand, mergeCommand, gateCommand, casesCommand, caseCommand, showCommand, reviewCommand, verifyCommand, keysCommand, serveCommand];
