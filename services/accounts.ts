// Console accounts and sessions: argon2id passwords, hashed session ids with a
// CSRF token each, absolute and idle expiry, and login throttling held in
// MongoDB (services/loginThrottle.ts), so it holds across processes.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import argon2 from 'argon2';
import { trusted } from 'mongoose';
import { isDuplicateKeyError, type ConsoleRole, type ConsoleSessionModel, type ConsoleUserModel } from '../models';
import type { LoginThrottle } from './loginThrottle';

export interface ConsoleUser {
  id: string;
  username: string;
  displayName: string;
  roles: ConsoleRole[];
  languages: string[];
}

export interface ConsoleSession {
  user: ConsoleUser;
  csrfToken: string;
}

export interface SessionPolicy {
  absoluteHours: number;
  idleMinutes: number;
}

/** Thrown when a login is refused; `retryAfterSeconds` is set when throttled. */
export class LoginRefusedError extends Error {
  readonly code = 'LOGIN_REFUSED';
  constructor(readonly retryAfterSeconds?: number) {
    super(retryAfterSeconds ? 'Too many failed attempts; try again later' : 'Wrong username or password');
    this.name = 'LoginRefusedError';
  }
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/** A hash to compare against when the user does not exist, so both paths take as long. */
let dummyHash: Promise<string> | undefined;

export class AccountService {
  constructor(
    private readonly users: ConsoleUserModel,
    private readonly sessions: ConsoleSessionModel,
    private readonly policy: SessionPolicy,
    private readonly throttle: LoginThrottle,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async createUser(input: { username: string; displayName?: string; password: string; roles: ConsoleRole[]; languages: string[] }): Promise<ConsoleUser> {
    if (input.password.length < 12) throw new Error('createUser(): the password must have at least 12 characters');
    const doc = await this.users.create({
      username: input.username.toLowerCase(),
      displayName: input.displayName ?? input.username,
      passwordHash: await argon2.hash(input.password, { type: argon2.argon2id }),
      roles: input.roles,
      languages: input.languages,
    });
    return toUser(doc);
  }

  /** Creates the first admin from the environment when there is no account at all. */
  async ensureFirstAdmin(username: string | undefined, password: string | undefined): Promise<boolean> {
    if (!username || !password) return false;
    if ((await this.users.estimatedDocumentCount()) > 0) return false;
    try {
      await this.createUser({ username, password, roles: ['admin', 'supervisor', 'caseWorker'], languages: [] });
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false; // another process was first
      throw error;
    }
  }

  /**
   * Checks the password and opens a session; returns the raw session id for the cookie.
   * `address` is the client's address, for throttling (see {@link LoginThrottle}).
   */
  async login(username: string, password: string, address = 'unknown'): Promise<{ sessionId: string; session: ConsoleSession }> {
    const key = username.toLowerCase();
    const reservation = await this.throttle.reserve(key, address);
    if (!reservation.allowed) throw new LoginRefusedError(reservation.retryAfterSeconds);
    const doc = await this.users.findOne({ username: key }).lean();
    dummyHash ??= argon2.hash(randomBytes(16).toString('hex'), { type: argon2.argon2id });
    const ok = await argon2.verify(doc?.passwordHash ?? (await dummyHash), password);
    if (!doc || !ok || doc.disabled) throw new LoginRefusedError();
    await reservation.succeed();
    const sessionId = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(24).toString('base64url');
    const at = this.now();
    await this.sessions.create({
      _id: sha256(sessionId),
      userId: String(doc._id),
      csrfToken,
      createdAt: at,
      lastSeenAt: at,
      expiresAt: new Date(at.getTime() + this.policy.absoluteHours * 3_600_000),
    });
    return { sessionId, session: { user: toUser(doc), csrfToken } };
  }

  /** The session of a cookie value, if it is live; touches its idle timer. */
  async resolve(sessionId: string | undefined): Promise<ConsoleSession | undefined> {
    if (!sessionId || sessionId.length > 100) return undefined;
    const at = this.now();
    const doc = await this.sessions.findOne({ _id: sha256(sessionId) }).lean();
    if (!doc) return undefined;
    if (doc.expiresAt <= at || doc.lastSeenAt.getTime() + this.policy.idleMinutes * 60_000 <= at.getTime()) {
      await this.sessions.deleteOne({ _id: doc._id });
      return undefined;
    }
    const user = await this.users.findById(doc.userId).lean();
    if (!user || user.disabled) return undefined;
    await this.sessions.updateOne({ _id: doc._id }, { $set: { lastSeenAt: at } });
    return { user: toUser(user), csrfToken: doc.csrfToken };
  }

  async logout(sessionId: string): Promise<void> {
    await this.sessions.deleteOne({ _id: sha256(sessionId) });
  }

  /** Expired sessions and attempts older than the throttle's window (the hourly purge). */
  async purgeExpired(): Promise<number> {
    const sessions = (await this.sessions.deleteMany({ expiresAt: trusted({ $lt: this.now() }) })).deletedCount;
    return sessions + (await this.throttle.purge());
  }

  /** Every enabled account (for supervisors choosing whom to reassign to). */
  async list(): Promise<ConsoleUser[]> {
    const docs = await this.users.find({ disabled: trusted({ $ne: true }) }).sort({ displayName: 1 }).lean();
    return docs.map(toUser);
  }

  async displayNames(ids: string[]): Promise<Map<string, string>> {
    const docs = await this.users.find({ _id: trusted({ $in: ids }) }, { displayName: 1 }).lean();
    return new Map(docs.map((doc) => [String(doc._id), doc.displayName]));
  }

}

/** Constant-time equality for CSRF tokens. */
export function sameToken(a: string | undefined, b: string): boolean {
  if (!a) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function toUser(doc: { _id: unknown; username: string; displayName: string; roles: string[]; languages: string[] }): ConsoleUser {
  return { id: String(doc._id), username: doc.username, displayName: doc.displayName, roles: doc.roles as ConsoleRole[], languages: doc.languages };
}
