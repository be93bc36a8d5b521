import { main } from './main.js';

// The process wrapper: real stdio, real exit code.
const code = await main(process.argv.slice(2), {
  out: (t) => process.stdout.write(`${t}\n`),
  err: (t) => process.stderr.write(`${t}\n`),
  isTty: Boolean(process.stdout.isTTY) && !process.env.CI,
  cwd: process.cwd(),
  env: process.env,
});
process.exit(code);
