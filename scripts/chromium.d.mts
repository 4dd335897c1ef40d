import type { Browser } from 'playwright-core';
export const CHROMIUM_PATH: string;
export function launchChromium(options?: { webgpu?: boolean }): Promise<Browser>;
export function freePort(): Promise<number>;
