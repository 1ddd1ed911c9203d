import type Redis from 'ioredis';

/** Redis list (under the app's key prefix) where the demo's SMTP catcher drops what it receives. */
export const DEV_MAILBOX_KEY = 'dev-mailbox';
export const DEV_MAILBOX_SIZE = 200;

export interface DevMail {
  id: string;
  to: string[];
  subject: string;
  text: string;
  html: string | null;
  receivedAt: string;
}

export async function pushDevMail(redis: Redis, mail: DevMail): Promise<void> {
  await redis.multi().lpush(DEV_MAILBOX_KEY, JSON.stringify(mail)).ltrim(DEV_MAILBOX_KEY, 0, DEV_MAILBOX_SIZE - 1).exec();
}

export async function listDevMails(redis: Redis): Promise<DevMail[]> {
  return (await redis.lrange(DEV_MAILBOX_KEY, 0, DEV_MAILBOX_SIZE - 1)).map((raw) => JSON.parse(raw) as DevMail);
}
