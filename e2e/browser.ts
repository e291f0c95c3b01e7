// Debian's Chromium through playwright-core: browsers cannot be downloaded here, so we never
// use Playwright's own builds.

import { chromium, type BrowserServer, type LaunchOptions } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

export function launchOptions(): LaunchOptions {
  return { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS };
}

export function launchChromiumServer(): Promise<BrowserServer> {
  return chromium.launchServer(launchOptions());
}
