import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORE_NODE_ENV, CORE_NODE_FLAGS } from './core-node-flags.js';

const root = join(import.meta.dirname, '..');

// Two places cannot import the flags and repeat them: they must not drift.
describe('CORE_NODE_FLAGS and CORE_NODE_ENV', () => {
  it('are the environment and flags of the sluice command’s shebang', () => {
    const shebang = readFileSync(join(root, 'bin', 'sluice.js'), 'utf8').split('\n')[0];
    const assignments = Object.entries(CORE_NODE_ENV).map(([name, value]) => `${name}=${value}`);
    expect(shebang).toBe(`#!/usr/bin/env -S ${assignments.join(' ')} node ${CORE_NODE_FLAGS.join(' ')}`);
  });

  it('are the flags of the bench script, which runs suites in its own process', () => {
    const scripts = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts.bench).toBe(`node ${CORE_NODE_FLAGS.join(' ')} --import tsx bench/run.ts`);
  });
});
