import { Injectable } from '@nestjs/common';
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { AppConfig } from '../../config/app-config';

const VERSION = 'v1';
/** HKDF label: this key encrypts nothing else, and rotating another use of APP_SECRET's keys leaves it alone. */
const KEY_LABEL = 'passerelle/awareness-days/identity-document/v1';

/**
 * Encrypts the attendees' ID document numbers at rest (AES-256-GCM, a fresh 96-bit IV per value), with a key
 * derived from APP_SECRET by HKDF-SHA256. A database dump alone does not reveal them; changing APP_SECRET makes
 * the stored numbers unreadable (the export then says so), which only matters until their erasure a few days
 * after the half-day.
 */
@Injectable()
export class AwarenessIdentityCipher {
  private readonly key: Buffer;

  constructor(config: AppConfig) {
    this.key = Buffer.from(hkdfSync('sha256', config.APP_SECRET, Buffer.alloc(0), KEY_LABEL, 32));
  }

  encrypt(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), data.toString('base64url')].join('.');
  }

  /** The number, or null when it cannot be read (another key, altered value). */
  decrypt(stored: string): string | null {
    const [version, iv, tag, data] = stored.split('.');
    if (version !== VERSION || !iv || !tag || data === undefined) return null;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      return null;
    }
  }
}
