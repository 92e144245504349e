// Logging in, keeping a bearer token fresh, and logging out, through the API's own endpoints.
//
// The API exchanges an API key (not a password) for a bearer token (POST /auth/token). A console
// login therefore makes a key of its own for this browser session at once: POST /auth/keys with
// the user's password (HTTP Basic, the one request that carries it), then POST /auth/token with the
// new key. The password is forgotten as soon as that request is sent. The key's secret is what
// renews the token before it expires; logout revokes the key (DELETE /auth/keys/{accessKey}),
// which ends every token of it at once, server-side.
//
// Storage: the session (user, role, key, secret, token) is kept in sessionStorage, so that a
// reload keeps the login; it lives only as long as the tab and is never written to localStorage.

import { ApiError, NewApiKey, Role, Token, Whoami, basic, request, seg } from './api';

export interface Session {
  user: string;
  role: Role;
  accessKey: string;
  secret: string;
  token: string;
  /** When the token expires, in ms since the epoch, by this browser's clock. */
  expiresAt: number;
  /** The token's lifetime in seconds, as the API gave it. */
  ttlSeconds: number;
}

const STORAGE_KEY = 'nubis.console.session';

/** When to renew a token issued now with this lifetime: after 80% of it, at least 10 s before it ends. */
export function renewDelayMs(ttlSeconds: number): number {
  const ttl = ttlSeconds * 1000;
  return Math.max(0, Math.min(ttl * 0.8, ttl - 10_000));
}

async function exchange(accessKey: string, secret: string): Promise<Token> {
  return request<Token>(null, '/auth/token', { method: 'POST', body: { accessKey, secret } });
}

/** Logs in with a password, which is used for one request and not kept. */
export async function login(user: string, password: string): Promise<Session> {
  const auth = basic(user, password);
  const created = await request<NewApiKey>(auth, '/auth/keys', {
    method: 'POST',
    body: { description: `nubis-console session (browser login ${new Date().toISOString()})` },
  });
  try {
    const started = Date.now();
    const token = await exchange(created.key.accessKey, created.secret);
    const who = await request<Whoami>(`Bearer ${token.token}`, '/auth/whoami');
    if (!who.role) throw new ApiError(403, 'forbidden', `user '${who.user}' has no Nubis role`);
    return {
      user: who.user,
      role: who.role,
      accessKey: created.key.accessKey,
      secret: created.secret,
      token: token.token,
      expiresAt: started + token.expiresIn * 1000,
      ttlSeconds: token.expiresIn,
    };
  } catch (e) {
    // a key without a session is of no use: revoke it while the password is still at hand
    await request(auth, `/auth/keys/${seg(created.key.accessKey)}`, { method: 'DELETE' }).catch(() => undefined);
    throw e;
  }
}

export function loadSession(): Session | null {
  try {
    const raw = sessionStorage.getItem(STORAGE_KEY);
    if (!raw) return null;
    const s = JSON.parse(raw) as Session;
    return s && typeof s.token === 'string' && typeof s.secret === 'string' ? s : null;
  } catch {
    return null;
  }
}

function storeSession(s: Session | null): void {
  try {
    if (s) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(s));
    else sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // storage unavailable (private mode): the session lives in memory only
  }
}

/**
 * Holds the session, renews its token on time (and on demand when it is about to expire), and
 * ends it when the API says the key no longer works.
 */
export class SessionKeeper {
  private session: Session | null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private renewing: Promise<Session | null> | null = null;

  constructor(
    initial: Session | null,
    private readonly onChange: (s: Session | null, reason?: string) => void,
    private readonly now: () => number = Date.now,
  ) {
    this.session = initial;
    this.schedule();
  }

  current(): Session | null {
    return this.session;
  }

  start(s: Session): void {
    this.set(s);
  }

  /** The Authorization header for the next request, renewing the token first when it is about to expire. */
  async authorization(): Promise<string> {
    let s = this.session;
    if (!s) throw new ApiError(401, 'unauthorized', 'you are logged out; log in again');
    if (s.expiresAt - this.now() < 5_000) s = await this.renew();
    if (!s) throw new ApiError(401, 'unauthorized', 'your session ended; log in again');
    return `Bearer ${s.token}`;
  }

  /** Exchanges the key for a new token (one exchange at a time). */
  renew(): Promise<Session | null> {
    if (!this.renewing) {
      this.renewing = this.doRenew().finally(() => (this.renewing = null));
    }
    return this.renewing;
  }

  private async doRenew(): Promise<Session | null> {
    const s = this.session;
    if (!s) return null;
    try {
      const started = this.now();
      const t = await exchange(s.accessKey, s.secret);
      if (this.session?.accessKey !== s.accessKey) return this.session; // logged out meanwhile
      this.set({ ...s, token: t.token, expiresAt: started + t.expiresIn * 1000, ttlSeconds: t.expiresIn });
      return this.session;
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) {
        this.end(e.code === 'key_revoked' ? 'your session was ended (its key was revoked); log in again' : e.detail);
        return null;
      }
      // Nubis unreachable or busy: try again soon, while the token may still be valid
      this.schedule(10_000);
      if (s.expiresAt <= this.now()) throw e;
      return s;
    }
  }

  /** The API refused the token for good: a revoked key (or a token it does not know) ends the session. */
  unauthorized(e: ApiError): void {
    if (e.code === 'key_revoked') this.end('your session was ended (its key was revoked); log in again');
    else if (e.code === 'unauthorized') void this.renew();
  }

  /** Ends the session server-side (revokes its key), then here. */
  async logout(): Promise<void> {
    const s = this.session;
    this.end();
    if (s) {
      await request(`Bearer ${s.token}`, `/auth/keys/${seg(s.accessKey)}`, { method: 'DELETE' }).catch(() => undefined);
    }
  }

  end(reason?: string): void {
    if (this.timer) clearTimeout(this.timer);
    this.session = null;
    storeSession(null);
    this.onChange(null, reason);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
  }

  private set(s: Session): void {
    this.session = s;
    storeSession(s);
    this.schedule();
    this.onChange(s);
  }

  private schedule(delayMs?: number): void {
    if (this.timer) clearTimeout(this.timer);
    const s = this.session;
    if (!s) return;
    const issuedAt = s.expiresAt - s.ttlSeconds * 1000;
    const due = delayMs ?? Math.max(0, issuedAt + renewDelayMs(s.ttlSeconds) - this.now());
    this.timer = setTimeout(() => void this.renew().catch(() => undefined), due);
  }
}
