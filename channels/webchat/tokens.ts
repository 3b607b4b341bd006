// Direct Line tokens: short-lived, bound to one conversation and one user,
// signed with HMAC-SHA256 under the Direct Line secret, which never leaves the
// server.
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface TokenClaims {
  /** Conversation id. */
  conv: string;
  /** Direct Line user id. */
  user: string;
  /** Expiry, seconds since the epoch. */
  exp: number;
}

/** Why a bearer credential was refused; each maps to an HTTP status. */
export type AuthFailure = 'missing' | 'malformed' | 'forged' | 'expired' | 'wrongConversation';

export class DirectLineAuthError extends Error {
  readonly code = 'DIRECTLINE_AUTH';
  constructor(readonly reason: AuthFailure) {
    super(
      {
        missing: 'Authorization: Bearer <token or secret> is required',
        malformed: 'The token is not a Direct Line token',
        forged: 'The token signature is not valid',
        expired: 'The token has expired; refresh it or start a new conversation',
        wrongConversation: 'The token is for another conversation',
      }[reason],
    );
    this.name = 'DirectLineAuthError';
  }

  /** 401 for a credential that is absent or bad, 403 for one that is valid but not for this. */
  get status(): 401 | 403 {
    return this.reason === 'wrongConversation' ? 403 : 401;
  }
}

const PREFIX = 'dl1';

export class DirectLineTokens {
  constructor(
    private readonly secret: string,
    readonly ttlSeconds: number,
    private readonly now: () => number = () => Date.now(),
  ) {
    if (secret.length < 32) throw new Error('DirectLineTokens: the secret must be at least 32 characters');
  }

  issue(conversationId: string, userId: string): { token: string; expiresIn: number } {
    const claims: TokenClaims = { conv: conversationId, user: userId, exp: Math.floor(this.now() / 1000) + this.ttlSeconds };
    const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
    return { token: `${PREFIX}.${payload}.${this.sign(payload)}`, expiresIn: this.ttlSeconds };
  }

  /** The claims of a valid, unexpired token; throws {@link DirectLineAuthError} otherwise. */
  verify(token: string): TokenClaims {
    const parts = token.split('.');
    if (parts.length !== 3 || parts[0] !== PREFIX) throw new DirectLineAuthError('malformed');
    const [, payload, signature] = parts as [string, string, string];
    const expected = Buffer.from(this.sign(payload));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw new DirectLineAuthError('forged');
    let claims: TokenClaims;
    try {
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as TokenClaims;
    } catch {
      throw new DirectLineAuthError('malformed');
    }
    if (typeof claims.conv !== 'string' || typeof claims.user !== 'string' || typeof claims.exp !== 'number') throw new DirectLineAuthError('malformed');
    if (claims.exp * 1000 <= this.now()) throw new DirectLineAuthError('expired');
    return claims;
  }

  /** Whether a bearer credential is the secret itself (a site's back end). */
  isSecret(credential: string): boolean {
    const a = createHmac('sha256', 'compare').update(credential).digest();
    const b = createHmac('sha256', 'compare').update(this.secret).digest();
    return timingSafeEqual(a, b);
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.secret).update(`${PREFIX}.${payload}`).digest('base64url');
  }
}

/** The credential of an `Authorization: Bearer …` header. */
export function bearerOf(header: string | undefined): string {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  if (!match) throw new DirectLineAuthError('missing');
  return match[1]!;
}
