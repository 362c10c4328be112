/**
 * Wrong passwords counted per account, in Redis so every server instance counts together: after
 * MAX_WRONG within WINDOW_S of the first, the password is not even checked until the window ends
 * (429 with Retry-After), so guessing a colleague's password runs at five tries a quarter of an hour.
 * Per account, not per address: a shop's staff share one connection. A right password clears it.
 * Logins count by the email typed (known or not, so a lock tells nothing of who has an account);
 * a signed-in password change by the account.
 */
import type { FastifyReply } from 'fastify';
import type { Redis } from 'ioredis';
import { TooManyWrongPasswords } from './errors.js';

export const MAX_WRONG = 5;
export const WINDOW_S = 15 * 60;

export const loginOf = (email: string) => `login:${email.trim().toLowerCase()}`;
export const accountOf = (staffId: string) => `staff:${staffId}`;

export interface WrongPasswords {
  /** Refuses while `who` is locked out. */
  refuseWhileLocked(who: string, reply: FastifyReply): Promise<void>;
  /** Counts a wrong password and throws: the lock-out when this one reached the limit, else `refusal`. */
  refuse(who: string, reply: FastifyReply, refusal: Error): Promise<never>;
  cleared(who: string): Promise<void>;
}

export function wrongPasswords(redis: Redis): WrongPasswords {
  const keyOf = (who: string) => `wrong-password:${who}`;
  function lockedOut(reply: FastifyReply, seconds: number): Error {
    reply.header('retry-after', String(seconds));
    return TooManyWrongPasswords(Math.ceil(seconds / 60));
  }
  async function lockedFor(who: string): Promise<number> {
    const [count, ttl] = await Promise.all([redis.get(keyOf(who)), redis.ttl(keyOf(who))]);
    return Number(count) >= MAX_WRONG && ttl > 0 ? ttl : 0;
  }
  return {
    async refuseWhileLocked(who, reply) {
      const seconds = await lockedFor(who);
      if (seconds) throw lockedOut(reply, seconds);
    },
    async refuse(who, reply, refusal) {
      const key = keyOf(who);
      // The window runs from the first wrong password; NX keeps later ones from stretching it.
      await redis.multi().incr(key).expire(key, WINDOW_S, 'NX').exec();
      const seconds = await lockedFor(who);
      throw seconds ? lockedOut(reply, seconds) : refusal;
    },
    async cleared(who) {
      await redis.del(keyOf(who));
    },
  };
}
