// The playground's end-to-end tests drive Debian's Chromium (/usr/bin/chromium) with
// playwright-core; `npx playwright install` cannot download browsers on this network.
// This installs the package with apt when it is missing and we are root, and otherwise
// says what to do.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CHROMIUM = process.env.DESCENT_CHROMIUM ?? '/usr/bin/chromium';

if (existsSync(CHROMIUM)) {
  console.log(`ensure-chromium: using ${CHROMIUM}`);
} else if (process.getuid?.() === 0) {
  console.log('ensure-chromium: installing Debian chromium with apt-get (needed by the playground e2e tests)');
  execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null', {
    stdio: 'inherit',
    shell: '/bin/bash',
  });
} else {
  console.error(
    `ensure-chromium: ${CHROMIUM} is missing and this user is not root.\n` +
      '  Install it with `sudo apt-get install -y chromium`, or point DESCENT_CHROMIUM at a Chromium binary.',
  );
  process.exit(2);
}
