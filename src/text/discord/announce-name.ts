import { speakableName } from './speakable-name.ts';

/** "Alice said", spoken before a message; "Someone said" when the name has nothing speakable. */
export function announceName(displayName: string): string {
  return `${speakableName(displayName) || 'Someone'} said`;
}
