// Lint rules, including the process boundaries of docs/ARCHITECTURE.md. A folder names where its
// code runs, and so what it may import:
// - src/shared     pure TypeScript: no electron, no node:, nothing from another src folder;
// - src/core       the pipeline in plain Node: shared only (no electron, no host);
// - src/agents     the simulator agent, a separate program: shared only;
// - src/server     the loopback web host: core and shared;
// - src/cli        the `sluice` command: core, server and shared;
// - src/main       the Electron main process: core and shared (and electron);
// - src/preload    the sandboxed bridge: shared (and electron);
// - src/renderer   the page: shared only (no node:, no electron).
// Nothing outside src/main imports from it, and no module imports itself back through a cycle
// (type-only imports aside: they vanish at build time).
import js from '@eslint/js';
import importX from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const electronBan = { name: 'electron', message: 'Only src/main and src/preload may import electron.' };
const nodeBuiltinPatterns = [{ group: ['node:*'], message: 'This code runs outside Node: no node: imports.' }];

const FOLDERS = ['shared', 'core', 'agents', 'server', 'cli', 'main', 'preload', 'renderer'];
/** What each folder may import besides itself. */
const MAY_IMPORT = {
  shared: [],
  core: ['shared'],
  agents: ['shared'],
  server: ['core', 'shared'],
  cli: ['core', 'server', 'shared'],
  main: ['core', 'shared'],
  preload: ['shared'],
  renderer: ['shared'],
};
const boundaryZones = FOLDERS.flatMap((folder) =>
  FOLDERS.filter((other) => other !== folder && !MAY_IMPORT[folder].includes(other)).map((other) => ({
    target: `./src/${folder}`,
    from: `./src/${other}`,
    message: `src/${folder} may import only ${['itself', ...MAY_IMPORT[folder].map((name) => `src/${name}`)].join(', ')} (docs/ARCHITECTURE.md).`,
  })),
);

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [importX.createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.json'] })],
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: boundaryZones }],
      'import-x/no-cycle': 'error',
    },
  },
  {
    files: ['src/core/**/*.ts', 'src/cli/**/*.ts', 'src/agents/**/*.ts', 'src/server/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [electronBan] }] },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [electronBan], patterns: nodeBuiltinPatterns }] },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', { paths: [electronBan], patterns: nodeBuiltinPatterns }],
    },
  },
);
