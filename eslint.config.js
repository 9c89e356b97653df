// Lint rules, including the process boundaries of ARCHITECTURE.md:
// - src/main/core is plain Node: it never imports electron (testable without a binary);
// - src/shared is pure TypeScript: no electron, no node:, no DOM-only modules;
// - the renderer never imports Node or Electron (it runs sandboxed in a browser context).
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const electronBan = { name: 'electron', message: 'Only src/main (outside core/) and src/preload may import electron.' };
const nodeBuiltinPatterns = [{ group: ['node:*'], message: 'This code runs outside Node: no node: imports.' }];

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
    files: ['src/main/core/**/*.ts', 'src/cli/**/*.ts', 'src/agents/**/*.ts', 'src/main/web/**/*.ts'],
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
