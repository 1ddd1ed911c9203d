import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Users' choices about the e-mails they receive (columns of `users`). */
@Injectable()
export class EmailPreferencesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Whether the user accepts non-essential notifications; null when the user does not exist. */
  async nonEssential(userId: string): Promise<boolean | null> {
    const rows: { value: boolean }[] = await this.dataSource.query(`SELECT email_non_essential AS value FROM users WHERE id = $1`, [userId]);
    return rows[0]?.value ?? null;
  }

  async setNonEssential(userId: string, value: boolean): Promise<void> {
    await this.dataSource.query(`UPDATE users SET email_non_essential = $2, updated_at = now() WHERE id = $1`, [userId, value]);
  }
}
