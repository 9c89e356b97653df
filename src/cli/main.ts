/**
 * The `sluice` command: `serve` and `run`, headless entry points to the same core as the app.
 */

import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { version } from '../../package.json';
import { SluiceError } from '../shared/agent-error';
import { resolveAgentLaunch, splitCommandLine, withVersion } from '../core/agent/agent-launch';
import { simulatorScript } from '../core/agent/simulator-script';
import { dataDir } from '../core/journal/data-dir';
import { USAGE, UsageError, parseCli, type CommonOptions } from './options';
import { guardOutput } from './process-output';
import { runOnce } from './run';
import { serve } from './serve';

const entryDir = dirname(fileURLToPath(import.meta.url));

const output = guardOutput(process.stdout, process.stderr, (error) => {
  process.stderr.write(`sluice: cannot write the output: ${error.message}\n`);
  void exitWhenFlushed(2);
});

/** Never `process.exit` over output still queued for a pipe: it would be cut. */
async function exitWhenFlushed(code: number): Promise<never> {
  await output.flushed();
  process.exit(code);
}

async function main(argv: string[]): Promise<number> {
  const command = parseCli(argv);
  if (command.command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const root = dataDir(process.env);
  const launchFor = (options: CommonOptions) => () =>
    resolveAgentLaunch({
      choice: options.agent,
      agentCmd: options.agentCmd,
      claudePath: options.claudePath,
      simScript: simulatorScript(import.meta.url),
      simArgs: options.simArgs ? splitCommandLine(options.simArgs) : undefined,
      cwd: process.cwd(),
      env: process.env,
      projectDirs: [process.cwd(), join(entryDir, '..', '..')],
      ownDir: join(entryDir, '..', '..'),
    });

  if (command.command === 'run') {
    const report = await runOnce({
      prompt: command.prompt,
      json: command.json,
      dataDir: root,
      version,
      resolveLaunch: launchFor(command),
      stdout: process.stdout,
      stderr: process.stderr,
      interruptAfterMs: command.interruptAfterMs,
      onInterruptSignal: (interrupt) => {
        // The person's Ctrl+C, or a reader that went away (`| head`): nobody reads the rest.
        let turnRunning = true;
        process.on('SIGINT', interrupt);
        output.onReaderGone(() => turnRunning && interrupt());
        return () => {
          turnRunning = false;
          process.off('SIGINT', interrupt);
        };
      },
    });
    if (command.json) process.stdout.write(`${JSON.stringify(report)}\n`);
    else if (report.error) process.stderr.write(`sluice: ${report.error.code}: ${report.error.message}${report.error.detail ? `\n${report.error.detail}` : ''}\n`);
    return report.status === 'completed' ? 0 : 1;
  }

  const server = await serve({
    port: command.port,
    dataDir: root,
    version,
    staticDir: join(entryDir, '..', 'renderer'),
    launch: await withVersion(launchFor(command)()),
    log: (line) => process.stdout.write(`${line}\n`),
  });
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.stop();
  return 0;
}

main(process.argv.slice(2)).then(exitWhenFlushed, (error: unknown) => {
  if (error instanceof UsageError) process.stderr.write(`sluice: ${error.message}\n\n${USAGE}\n`);
  else if (error instanceof SluiceError) {
    process.stderr.write(`sluice: ${error.code}: ${error.message}${error.detail ? `\n${error.detail}` : ''}\n`);
    return exitWhenFlushed(1);
  } else process.stderr.write(`sluice: ${(error as Error).stack ?? String(error)}\n`);
  return exitWhenFlushed(2);
});
