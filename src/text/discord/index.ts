export { cleanMessageText } from './clean-message-text.ts';
export { announceName } from './announce-name.ts';
export { capLength } from './length-cap.ts';
export type { AttachmentInfo } from './message-text-input.ts';
