/**
 * Headless Chromium for the browser tests: Debian's `chromium` package (`/usr/bin/chromium`, or
 * `STRIDE_CHROMIUM`), driven by playwright-core, which downloads nothing. Without the binary the
 * tests fail with a sentence saying how to install it; `.ci/run` installs it before the suite.
 *
 * The flags keep Chromium off the network (this machine has none but loopback, and refused
 * connections to Google's services otherwise pile up): no background networking, component
 * updates, sync or QUIC. Playwright gives every launch a fresh, empty profile.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

export const chromiumPath = process.env.STRIDE_CHROMIUM ?? '/usr/bin/chromium';

export const chromiumFlags = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-default-apps', '--disable-extensions',
];

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(`the browser tests need Chromium at ${chromiumPath}, and there is none: install Debian's package ` +
      '(apt-get update && apt-get install -y chromium; .ci/run does so), or set STRIDE_CHROMIUM to a Chromium binary');
  }
  return chromium.launch({ executablePath: chromiumPath, args: chromiumFlags, timeout: 60_000 });
}

/** What a page said while a test used it: console errors, uncaught errors, failed requests. */
export interface PageLog {
  errors: string[];
  requests: string[];
}

export function recordPage(page: Page): PageLog {
  const log: PageLog = { errors: [], requests: [] };
  page.on('console', (message) => {
    if (message.type() === 'error') log.errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => log.errors.push(`page: ${error.message}`));
  page.on('requestfailed', (request) => log.errors.push(`request failed: ${request.url()} (${request.failure()?.errorText})`));
  page.on('request', (request) => log.requests.push(request.url()));
  return log;
}
