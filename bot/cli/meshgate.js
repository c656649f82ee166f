#!/usr/bin/env node
// The `meshgate` command. The sources are TypeScript, run through tsx so that a fresh `npm ci`
// needs no build step and the CLI, the app and the site always run the same code.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() });
