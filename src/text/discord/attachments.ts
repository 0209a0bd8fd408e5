import type { AttachmentInfo } from './message-text-input.ts';

type Kind = 'image' | 'video' | 'audio' | 'file';

const EXTENSIONS: Readonly<Record<string, Kind>> = {
  png: 'image', jpg: 'image', jpeg: 'image', gif: 'image', webp: 'image', bmp: 'image', svg: 'image', avif: 'image', heic: 'image',
  mp4: 'video', webm: 'video', mov: 'video', mkv: 'video', avi: 'video', m4v: 'video',
  mp3: 'audio', ogg: 'audio', oga: 'audio', wav: 'audio', flac: 'audio', m4a: 'audio', opus: 'audio', aac: 'audio',
};

export function attachmentKind(attachment: AttachmentInfo): Kind {
  const type = (attachment.contentType ?? '').toLowerCase();
  if (type.startsWith('image/')) return 'image';
  if (type.startsWith('video/')) return 'video';
  if (type.startsWith('audio/')) return 'audio';
  const extension = /\.([a-z0-9]{1,5})$/i.exec(attachment.name ?? '')?.[1]?.toLowerCase();
  return (extension && EXTENSIONS[extension]) || 'file';
}

const WORDS: Readonly<Record<Kind, readonly [one: string, many: string]>> = {
  image: ['an image', 'images'],
  video: ['a video', 'videos'],
  audio: ['an audio file', 'audio files'],
  file: ['a file', 'files'],
};

function listPhrase(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** "an image", "2 images and a file", "the Wave sticker"; empty when there is nothing attached. */
export function describeAttachments(attachments: readonly AttachmentInfo[] = [], stickerNames: readonly string[] = []): string {
  const counts = new Map<Kind, number>();
  for (const attachment of attachments) {
    const kind = attachmentKind(attachment);
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  const parts: string[] = [];
  for (const kind of ['image', 'video', 'audio', 'file'] as const) {
    const count = counts.get(kind) ?? 0;
    if (count === 1) parts.push(WORDS[kind][0]);
    else if (count > 1) parts.push(`${count} ${WORDS[kind][1]}`);
  }
  for (const name of stickerNames) {
    const clean = String(name ?? '').replace(/[\p{Cc}\p{Cf}<>*_~`|]/gu, ' ').replace(/\s+/g, ' ').trim();
    parts.push(clean ? `the ${clean} sticker` : 'a sticker');
  }
  return listPhrase(parts);
}
