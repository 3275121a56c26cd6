// The browser tests (the playground's end-to-end tests, @descent/core's webgl conformance
// suite) drive Debian's Chromium (/usr/bin/chromium) with playwright-core;
// `npx playwright install` cannot download browsers on this network. This installs the
// package with apt when it is missing (as root, or through passwordless sudo), and
// otherwise says what to do.
import { execSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CHROMIUM = process.env.DESCENT_CHROMIUM ?? '/usr/bin/chromium';
const INSTALL = 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null';

function install(prefix) {
  console.log(`ensure-chromium: installing Debian chromium with ${prefix}apt-get (needed by the browser tests)`);
  execSync(prefix === '' ? INSTALL : `sudo -n bash -c '${INSTALL}'`, { stdio: 'inherit', shell: '/bin/bash' });
}

if (existsSync(CHROMIUM)) {
  console.log(`ensure-chromium: using ${CHROMIUM}`);
} else if (process.getuid?.() === 0) {
  install('');
} else if (spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0) {
  install('sudo ');
} else {
  console.error(
    `ensure-chromium: ${CHROMIUM} is missing, and this user can neither install it (not root, no passwordless sudo).\n` +
      '  The browser tests need it: run `sudo apt-get install -y chromium` once, or point DESCENT_CHROMIUM at a Chromium binary.',
  );
  process.exit(2);
}
