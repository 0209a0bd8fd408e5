/** Answers to "may this member do that?" as plain data, so the rules are testable without Discord objects. */
export type PermissionCheck = { readonly allowed: true } | { readonly allowed: false; readonly message: string };

const ALLOWED: PermissionCheck = { allowed: true };

/**
 * /stop and /skip affect everyone listening, so only people listening may use them: the member must be in the
 * bot's voice channel. When the bot is not in a channel there is nothing to stop, which is answered separately.
 */
export function checkSameVoiceChannel(memberChannelId: string | null, botChannelId: string | null): PermissionCheck {
  if (botChannelId === null) return { allowed: false, message: 'I am not in a voice channel.' };
  if (memberChannelId !== botChannelId) {
    return { allowed: false, message: `Only people in <#${botChannelId}> can do that. Join the channel first.` };
  }
  return ALLOWED;
}

/** /say needs the caller in a voice channel, and in the bot's one when the bot is already busy elsewhere. */
export function checkCanSay(memberChannelId: string | null, botChannelId: string | null): PermissionCheck {
  if (memberChannelId === null) return { allowed: false, message: 'Join a voice channel first, then use /say.' };
  if (botChannelId !== null && botChannelId !== memberChannelId) {
    return { allowed: false, message: `I am already speaking in <#${botChannelId}>. Join that channel to use /say.` };
  }
  return ALLOWED;
}

/** Server-wide settings (auto-read, defaults) need Manage Server, checked here too in case an admin widened the command. */
export function checkManageServer(memberCanManageGuild: boolean): PermissionCheck {
  return memberCanManageGuild ? ALLOWED : { allowed: false, message: 'You need the Manage Server permission to change that.' };
}

export function checkRequiredRole(memberRoleIds: readonly string[], requiredRoleId: string | null): PermissionCheck {
  if (requiredRoleId === null || memberRoleIds.includes(requiredRoleId)) return ALLOWED;
  return { allowed: false, message: `You need the <@&${requiredRoleId}> role to use text-to-speech here.` };
}
