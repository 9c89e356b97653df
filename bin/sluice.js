#!/usr/bin/env node
// The `sluice` command. It runs the built CLI (out/main/cli.js), which `npm install` builds.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../out/main/cli.js', import.meta.url));
if (!existsSync(cli)) {
  process.stderr.write('sluice: the app is not built yet; run `npm run build` in the Sluice folder first.\n');
  process.exit(2);
}
await import(cli);
