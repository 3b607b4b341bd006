// Console accounts and sessions: argon2id passwords, hashed session ids with a
// CSRF token each, absolute and idle expiry, and login throttling held in
// MongoDB (services/loginThrottle.ts), so it holds across processes.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import argon2 from 'argon2';
import { trusted } from 'mongoose';
import { systemClock, type WallClock } from '../kernel/clock';
import { isDuplicateKeyError, type ConsoleRole, type ConsoleSessionModel, type ConsoleUserModel } from '../models';
import type { FieldCipher } from './crypto';
import type { LoginThrottle } from './loginThrottle';
import { newTotpSecret, otpauthUri, verifyTotp } from './totp';

/** Enrolment could not proceed: already enrolled, not started, or the code did not match. */
export class TotpEnrollmentError extends Error {
  constructor(readonly code: 'ALREADY_ENROLLED' | 'NOT_STARTED' | 'BAD_CODE') {
    super(`TOTP enrolment: ${code}`);
    this.name = 'TotpEnrollmentError';
  }
}

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
  /** Signed in with the password only, where a second factor is required: may only enrol one. */
  mustEnrollTotp: boolean;
}

/** Whether supervisors and admins must use a second factor (production), or anyone may choose to. */
export type TotpPolicy = 'required' | 'optional';

export interface SessionPolicy {
  absoluteHours: number;
  idleMinutes: number;
}

/** Why a login was refused. */
export type LoginRefusal = 'credentials' | 'throttled' | 'totpRequired';

const REFUSAL_MESSAGES: Record<LoginRefusal, string> = {
  credentials: 'Wrong username, password or code',
  throttled: 'Too many failed attempts; try again later',
  totpRequired: 'Enter the 6-digit code from your authenticator app',
};

/** Thrown when a login is refused; `retryAfterSeconds` is set when throttled. */
export class LoginRefusedError extends Error {
  readonly code = 'LOGIN_REFUSED';
  readonly reason: LoginRefusal;
  constructor(
    readonly retryAfterSeconds?: number,
    reason?: LoginRefusal,
  ) {
    const why = reason ?? (retryAfterSeconds ? 'throttled' : 'credentials');
    super(REFUSAL_MESSAGES[why]);
    this.reason = why;
    this.name = 'LoginRefusedError';
  }
}

export interface AccountServiceOptions {
  users: ConsoleUserModel;
  sessions: ConsoleSessionModel;
  policy: SessionPolicy;
  throttle: LoginThrottle;
  /** Encrypts TOTP secrets at rest; without it (the add-user command) second factors cannot be used. */
  cipher?: FieldCipher;
  /** Default 'optional'; production sets 'required' for supervisors and admins. */
  totp?: TotpPolicy;
  clock?: WallClock;
}

const PRIVILEGED: readonly ConsoleRole[] = ['supervisor', 'admin'];

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/** A hash to compare against when the user does not exist, so both paths take as long. */
let dummyHash: Promise<string> | undefined;

export class AccountService {
  private readonly users: ConsoleUserModel;
  private readonly sessions: ConsoleSessionModel;
  private readonly policy: SessionPolicy;
  private readonly throttle: LoginThrottle;
  private readonly cipher?: FieldCipher;
  private readonly totp: TotpPolicy;
  private readonly clock: WallClock;

  constructor(options: AccountServiceOptions) {
    this.users = options.users;
    this.sessions = options.sessions;
    this.policy = options.policy;
    this.throttle = options.throttle;
    this.cipher = options.cipher;
    this.totp = options.totp ?? 'optional';
    this.clock = options.clock ?? systemClock;
  }

  private now(): Date {
    return new Date(this.clock.now());
  }

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
   * Checks the password (and the TOTP code of an account that has one) and opens a session;
   * returns the raw session id for the cookie. `address` is the client's address, for
   * throttling (see {@link LoginThrottle}); a wrong or missing code counts as a failure.
   */
  async login(username: string, password: string, address = 'unknown', code?: string): Promise<{ sessionId: string; session: ConsoleSession }> {
    const key = username.toLowerCase();
    const reservation = await this.throttle.reserve(key, address);
    if (!reservation.allowed) throw new LoginRefusedError(reservation.retryAfterSeconds);
    const doc = await this.users.findOne({ username: key }).lean();
    dummyHash ??= argon2.hash(randomBytes(16).toString('hex'), { type: argon2.argon2id });
    const ok = await argon2.verify(doc?.passwordHash ?? (await dummyHash), password);
    if (!doc || !ok || doc.disabled) throw new LoginRefusedError();
    if (doc.totpSecret) {
      if (!code) throw new LoginRefusedError(undefined, 'totpRequired');
      if (!(await this.acceptCode(String(doc._id), doc.totpSecret, doc.totpLastStep ?? -1, code))) throw new LoginRefusedError();
    }
    await reservation.succeed();
    const mustEnrollTotp = this.totp === 'required' && !doc.totpSecret && (doc.roles as ConsoleRole[]).some((role) => PRIVILEGED.includes(role));
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
      ...(mustEnrollTotp ? { mustEnrollTotp } : {}),
    });
    return { sessionId, session: { user: toUser(doc), csrfToken, mustEnrollTotp } };
  }

  /** Starts enrolling a second factor: a new secret, kept encrypted until a code confirms it. */
  async startTotpEnrollment(userId: string, issuer: string): Promise<{ secret: string; uri: string }> {
    const user = await this.users.findById(userId).lean();
    if (!user) throw new Error('startTotpEnrollment(): no such user');
    if (user.totpSecret) throw new TotpEnrollmentError('ALREADY_ENROLLED');
    const secret = newTotpSecret();
    await this.users.updateOne({ _id: user._id }, { $set: { pendingTotpSecret: this.requireCipher().encrypt(secret) } });
    return { secret, uri: otpauthUri(issuer, user.username, secret) };
  }

  /** Confirms enrolment with a code from the app; the user's sessions may then do everything their roles allow. */
  async confirmTotpEnrollment(userId: string, code: string): Promise<void> {
    const user = await this.users.findById(userId).lean();
    if (!user?.pendingTotpSecret) throw new TotpEnrollmentError('NOT_STARTED');
    const secret = this.requireCipher().decrypt(user.pendingTotpSecret);
    const step = verifyTotp(secret, code, this.now());
    if (step === undefined) throw new TotpEnrollmentError('BAD_CODE');
    await this.users.updateOne({ _id: user._id }, { $set: { totpSecret: user.pendingTotpSecret, totpLastStep: step }, $unset: { pendingTotpSecret: 1 } });
    await this.sessions.updateMany({ userId }, { $unset: { mustEnrollTotp: 1 } });
  }

  private requireCipher(): FieldCipher {
    if (!this.cipher) throw new Error('AccountService: second factors need a cipher');
    return this.cipher;
  }

  /** A code is accepted once: its step must be later than the last accepted one. */
  private async acceptCode(userId: string, encryptedSecret: string, lastStep: number, code: string): Promise<boolean> {
    const step = verifyTotp(this.requireCipher().decrypt(encryptedSecret), code, this.now(), lastStep);
    if (step === undefined) return false;
    const updated = await this.users.updateOne({ _id: userId, $or: [{ totpLastStep: trusted({ $lt: step }) }, { totpLastStep: trusted({ $exists: false }) }] }, { $set: { totpLastStep: step } });
    return updated.modifiedCount === 1;
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
    return { user: toUser(user), csrfToken: doc.csrfToken, mustEnrollTotp: doc.mustEnrollTotp === true };
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

  /** Whether `id` is an enabled account (a case may be assigned only to one). */
  async isEnabled(id: string): Promise<boolean> {
    return /^[0-9a-f]{24}$/.test(id) && (await this.users.exists({ _id: id, disabled: trusted({ $ne: true }) })) !== null;
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
