import pty from 'node-pty';
import { execSync } from 'node:child_process';
const root = process.argv[2];
const p = pty.spawn(process.execPath, ['/work/main/bin/gatewalk.js', '--sandbox'], { cols: 80, rows: 24, cwd: root, env: { PATH: process.env.PATH, HOME: root, TERM: 'xterm-256color' } });
let out = ''; let killed = false;
p.onData((d) => { out += d; if (!killed && /SANDBOX/.test(out)) { killed = true; console.log('kill pid', p.pid); p.kill(); setTimeout(() => { try { console.log(execSync(`ps -o pid,stat,cmd -p ${p.pid}`).toString()); } catch { console.log('gone'); } process.exit(0); }, 3000); } });
