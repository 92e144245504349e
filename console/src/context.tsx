// The logged-in session and the live event stream, shared by every page.

import { ReactNode, createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import { Api, Role } from './api';
import { EventStream, NubisEvent, StreamState } from './events';
import { Session, SessionKeeper, loadSession } from './session';

interface SessionContextValue {
  session: Session | null;
  /** Why the last session ended, when the API ended it (shown on the login page). */
  endedBecause: string | null;
  api: Api;
  keeper: SessionKeeper;
  /** The caller may change things (operator or admin); a viewer sees no write action. */
  canWrite: boolean;
  isAdmin: boolean;
  start: (s: Session) => void;
  logout: () => Promise<void>;
}

const SessionContext = createContext<SessionContextValue | null>(null);

export function roleAllows(role: Role | undefined | null, needed: Role): boolean {
  const order: Role[] = ['viewer', 'operator', 'admin'];
  return role != null && order.indexOf(role) >= order.indexOf(needed);
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(() => loadSession());
  const [endedBecause, setEndedBecause] = useState<string | null>(null);
  const keeper = useMemo(
    () =>
      new SessionKeeper(loadSession(), (s, reason) => {
        setSession(s);
        if (!s) setEndedBecause(reason ?? null);
        else setEndedBecause(null);
      }),
    [],
  );
  useEffect(() => () => keeper.dispose(), [keeper]);
  const api = useMemo(() => new Api(() => keeper.authorization(), () => keeper.renew(), (e) => keeper.unauthorized(e)), [keeper]);
  const value = useMemo<SessionContextValue>(
    () => ({
      session,
      endedBecause,
      api,
      keeper,
      canWrite: roleAllows(session?.role, 'operator'),
      isAdmin: roleAllows(session?.role, 'admin'),
      start: (s) => keeper.start(s),
      logout: () => keeper.logout(),
    }),
    [session, endedBecause, api, keeper],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const v = useContext(SessionContext);
  if (!v) throw new Error('useSession outside SessionProvider');
  return v;
}

type Listener = (e: NubisEvent) => void;

interface EventsContextValue {
  state: StreamState;
  detail: string | null;
  /** The latest events, newest first. */
  recent: NubisEvent[];
  subscribe: (l: Listener) => () => void;
}

const EventsContext = createContext<EventsContextValue | null>(null);
const KEEP = 100;

/** One event stream for the whole console while logged in. */
export function EventsProvider({ children }: { children: ReactNode }) {
  const { keeper, session } = useSession();
  const loggedIn = session != null;
  const [state, setState] = useState<StreamState>('connecting');
  const [detail, setDetail] = useState<string | null>(null);
  const [recent, setRecent] = useState<NubisEvent[]>([]);
  const listeners = useRef(new Set<Listener>());

  useEffect(() => {
    if (!loggedIn) return;
    const stream = new EventStream({
      authorization: () => keeper.authorization(),
      onEvent: (e) => {
        setRecent((r) => [e, ...r].slice(0, KEEP));
        listeners.current.forEach((l) => l(e));
      },
      onState: (s, d) => {
        setState(s);
        setDetail(d ?? null);
      },
    });
    return () => stream.stop();
  }, [keeper, loggedIn]);

  const subscribe = useCallback((l: Listener) => {
    listeners.current.add(l);
    return () => {
      listeners.current.delete(l);
    };
  }, []);
  const value = useMemo(() => ({ state, detail, recent, subscribe }), [state, detail, recent, subscribe]);
  return <EventsContext.Provider value={value}>{children}</EventsContext.Provider>;
}

export function useEvents(): EventsContextValue {
  const v = useContext(EventsContext);
  if (!v) throw new Error('useEvents outside EventsProvider');
  return v;
}
