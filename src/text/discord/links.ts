import { domainToUnicode } from 'node:url';

/** `[text](https://…)` -> text: the link text is what the author meant to say. */
export function replaceMaskedLinks(text: string): string {
  return text.replace(/\[([^\]\n]{1,200})\]\(\s*<?(?:https?:\/\/|www\.)[^\s)>]*>?(?:\s+"[^"]*")?\s*\)/gi, '$1');
}

function trimTrailingPunctuation(url: string): string {
  let result = url;
  for (;;) {
    const last = result.at(-1);
    if (last === undefined) return result;
    const unbalancedParen = last === ')' && (result.match(/\(/g)?.length ?? 0) < (result.match(/\)/g)?.length ?? 0);
    if (!'.,!?;:\'"*_~|'.includes(last) && !unbalancedParen) return result;
    result = result.slice(0, -1);
  }
}

function describeLink(url: string): string {
  try {
    const parsed = new URL(/^https?:\/\//i.test(url) ? url : `http://${url}`);
    const host = domainToUnicode(parsed.hostname) || parsed.hostname;
    const domain = host.replace(/^www\./i, '');
    return domain ? `a link to ${domain}` : 'a link';
  } catch {
    return 'a link';
  }
}

/** Bare and `<suppressed>` URLs -> "a link to example.com"; reading a URL out loud helps nobody. */
export function replaceUrls(text: string): string {
  return text
    .replace(/<((?:https?:\/\/)[^\s>]+)>/gi, '$1')
    .replace(/https?:\/\/[^\s<>"]+|(?<![A-Za-z0-9])www\.[^\s<>"]+/gi, (match: string) => {
      const url = trimTrailingPunctuation(match);
      return ` ${describeLink(url)} ${match.slice(url.length)}`;
    });
}
