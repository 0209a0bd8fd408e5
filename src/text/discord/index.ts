export { cleanMessageText } from './clean-message-text.ts';
export { announceName } from './announce-name.ts';
export { speakableName } from './speakable-name.ts';
export { applyDictionary } from './dictionary.ts';
export { TRUNCATION_SUFFIX, capLength } from './length-cap.ts';
export type { AttachmentInfo, CleanOptions, MessageTextInput, NameLookup } from './message-text-input.ts';
