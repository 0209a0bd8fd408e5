import type { IncomingMessage } from 'node:http';

const MAX_BODY_BYTES = 10 * 1024 * 1024;

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new Error('request body too large');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * Parses what @discordjs/rest sends: JSON, or multipart/form-data (when files are attached) whose `payload_json`
 * part carries the JSON and whose other parts are files. Returns undefined for an empty body.
 */
export function parseBody(contentType: string | undefined, raw: Buffer): { json: unknown; files: { name: string; bytes: number }[] } {
  if (raw.length === 0) return { json: undefined, files: [] };
  const type = contentType ?? '';
  if (type.startsWith('multipart/form-data')) return parseMultipart(type, raw);
  return { json: JSON.parse(raw.toString('utf8')), files: [] };
}

function parseMultipart(contentType: string, raw: Buffer): { json: unknown; files: { name: string; bytes: number }[] } {
  const boundaryMatch = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType);
  if (!boundaryMatch) throw new Error('multipart body without boundary');
  const boundary = Buffer.from(`--${boundaryMatch[1] ?? boundaryMatch[2]}`);
  let json: unknown;
  const files: { name: string; bytes: number }[] = [];
  let start = raw.indexOf(boundary);
  while (start !== -1) {
    const next = raw.indexOf(boundary, start + boundary.length);
    if (next === -1) break;
    const part = raw.subarray(start + boundary.length + 2, next - 2);
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd !== -1) {
      const headers = part.subarray(0, headerEnd).toString('utf8');
      const content = part.subarray(headerEnd + 4);
      const name = /name="([^"]*)"/.exec(headers)?.[1] ?? '';
      if (name === 'payload_json') json = JSON.parse(content.toString('utf8'));
      else files.push({ name: /filename="([^"]*)"/.exec(headers)?.[1] ?? name, bytes: content.length });
    }
    start = next;
  }
  return { json, files };
}
