#!/usr/bin/env node
// Runs the bundled CLI (built by `npm run build:cli`, which `npm ci` runs via "prepare").
import { loadCli } from './load-cli.mjs';

loadCli()
  .main(process.argv.slice(2))
  .then(
    (code) => process.exit(code),
    (e) => {
      console.error(`sshscope: unexpected error: ${e && e.stack ? e.stack : e}`);
      process.exit(70);
    },
  );
