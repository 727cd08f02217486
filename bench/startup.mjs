// Start-up: commands that make no AWS call, side by side with a bare `node -e 0`.
import { BIN, compare, expectExit, programRoot, timeRun } from './lib.mjs';

const root = programRoot();
const ok = expectExit(0);
timeRun([BIN, 'status', '--env', 'dev_min', '--sandbox', '--root', root]); // creates the sandbox workspace
compare('start-up', [
  { label: 'gatewalk --help', args: [BIN, '--help'], check: ok, target: 1.3 },
  { label: 'gatewalk status --sandbox', args: [BIN, 'status', '--env', 'dev_min', '--sandbox', '--root', root], check: ok, target: 1.8 },
  { label: 'gatewalk validate', args: [BIN, 'validate', '--env', 'dev_min', '--root', root], check: ok, target: 2 },
]);
