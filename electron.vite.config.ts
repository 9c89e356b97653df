import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

/**
 * One build for every process:
 * - main: the Electron entry, the `sluice` CLI, the simulator agent and the journal writer
 *   thread (all plain Node code; only `index` imports electron);
 * - preload: CommonJS, as a sandboxed preload must be;
 * - renderer: the React app, served by Electron from file:// and by the web host over HTTP.
 */
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve('src/main/index.ts'),
          cli: resolve('src/cli/main.ts'),
          sim: resolve('src/agents/sim/main.ts'),
          // Found at run time beside the bundle (core/journal/journal-writer.ts: writerModule).
          'journal-writer': resolve('src/core/journal/journal-writer.worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve('src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'src/renderer',
    base: './',
    plugins: [react()],
    build: {
      outDir: 'out/renderer',
      minify: 'esbuild',
      rollupOptions: { input: { index: resolve('src/renderer/index.html') } },
    },
  },
});
