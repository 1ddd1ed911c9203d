import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { OrganisationRole, Role, User } from './user.entity';

export interface NewUser {
  email: string;
  passwordHash: string;
  displayName: string;
  role: Role;
  organisationId: string | null;
  organisationRole: OrganisationRole | null;
  emailVerifiedAt?: Date | null;
}

@Injectable()
export class UsersRepository {
  constructor(private readonly dataSource: DataSource) {}

  private repo(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(User);
  }

  findById(id: string, manager?: EntityManager): Promise<User | null> {
    return this.repo(manager).findOneBy({ id });
  }

  findByEmail(email: string, manager?: EntityManager): Promise<User | null> {
    return this.repo(manager).findOneBy({ email: email.toLowerCase() });
  }

  async insert(user: NewUser, manager?: EntityManager): Promise<User> {
    return this.repo(manager).save(this.repo(manager).create({ ...user, email: user.email.toLowerCase(), passwordChangedAt: new Date() }));
  }

  async update(id: string, changes: Partial<Pick<User, 'passwordHash' | 'passwordChangedAt' | 'emailVerifiedAt' | 'lastLoginAt' | 'displayName'>>, manager?: EntityManager): Promise<void> {
    await this.repo(manager).update({ id }, changes);
  }

  /**
   * Sets a new password only if the stored hash is still the one the caller read: of two requests racing
   * with the same single-use link, one wins. Returns whether this one did.
   */
  async replacePasswordHash(
    id: string,
    expectedHash: string,
    changes: Pick<User, 'passwordHash' | 'passwordChangedAt' | 'emailVerifiedAt'> & Partial<Pick<User, 'lastLoginAt'>>,
    manager?: EntityManager,
  ): Promise<boolean> {
    const result = await this.repo(manager).update({ id, passwordHash: expectedHash }, changes);
    return result.affected === 1;
  }

  async updateOrganisationRole(id: string, organisationRole: OrganisationRole, manager: EntityManager): Promise<void> {
    await this.repo(manager).update({ id }, { organisationRole });
  }

  /** Owners of an organisation; call after locking the organisation row so the count cannot change underneath. */
  countOwners(organisationId: string, manager: EntityManager): Promise<number> {
    return this.repo(manager).countBy({ organisationId, organisationRole: OrganisationRole.Owner });
  }

  /** Deletes an account; every reference to users is ON DELETE SET NULL, and the audit trail keeps its ids. */
  async delete(id: string, manager: EntityManager): Promise<void> {
    await this.repo(manager).delete({ id });
  }

  /** Loads the request's user with their organisation in one query. */
  findByOrganisation(organisationId: string, manager?: EntityManager): Promise<User[]> {
    return this.repo(manager).find({ where: { organisationId }, order: { createdAt: 'ASC' } });
  }

  /** Staff who review organisations: every coordinator and admin. */
  findReviewers(manager?: EntityManager): Promise<User[]> {
    return this.repo(manager)
      .createQueryBuilder('u')
      .where('u.role IN (:...roles)', { roles: [Role.Coordinator, Role.Admin] })
      .andWhere('u.email_verified_at IS NOT NULL')
      .orderBy('u.created_at', 'ASC')
      .getMany();
  }
}
