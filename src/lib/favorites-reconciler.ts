/**
 * Last-intent-wins for favorite stars. Every click is sent at once (the RPC sets a value, it does
 * not flip), numbered per key; only the response to the latest click decides what the star shows.
 * Any successful response still records what the server last confirmed, so a failure of the
 * latest click rolls back to the true server state. If an older request's success lands after the
 * latest one (so the server may have applied it last), the latest intent is sent once more.
 */

export type FavoriteOutcome =
  | { status: 'confirmed' }
  /** A later click on the same star took over; nothing to tell the user. */
  | { status: 'superseded' }
  /** The latest click failed and the star went back to `favorite`: worth a toast. */
  | { status: 'failed'; favorite: boolean; error: unknown };

interface KeyState {
  confirmed: boolean;
  desired: boolean;
  seq: number;
  inFlight: number;
  latest: 'pending' | 'ok' | 'failed';
}

export interface FavoritesReconcilerOptions<K extends string> {
  send: (key: K, favorite: boolean) => Promise<unknown>;
  /** What the star should show now; called on every visible change. */
  onChange: (key: K, favorite: boolean, pending: boolean) => void;
}

export interface FavoritesReconciler<K extends string> {
  /** `current` is the server-known value, used when no click on this star is in flight. */
  set: (key: K, favorite: boolean, current: boolean) => Promise<FavoriteOutcome>;
  isPending: (key: K) => boolean;
}

export function createFavoritesReconciler<K extends string>({ send, onChange }: FavoritesReconcilerOptions<K>): FavoritesReconciler<K> {
  const states = new Map<K, KeyState>();

  const visible = (state: KeyState) => (state.latest === 'failed' ? state.confirmed : state.desired);

  const dispatch = (key: K, state: KeyState): Promise<FavoriteOutcome> => {
    const seq = ++state.seq;
    const favorite = state.desired;
    state.inFlight++;
    state.latest = 'pending';
    const settle = (ok: boolean, error?: unknown): FavoriteOutcome | Promise<FavoriteOutcome> => {
      state.inFlight--;
      if (ok) state.confirmed = favorite;
      const isLatest = seq === state.seq;
      if (isLatest) state.latest = ok ? 'ok' : 'failed';
      if (state.inFlight === 0) {
        if (state.latest === 'ok' && state.confirmed !== state.desired) {
          // An older write was acknowledged last: the server may hold it. Repeat the latest intent.
          const repair = dispatch(key, state);
          return isLatest ? repair : { status: 'superseded' };
        }
        states.delete(key);
      }
      onChange(key, visible(state), state.inFlight > 0 && state.latest === 'pending');
      if (!isLatest) return { status: 'superseded' };
      return ok ? { status: 'confirmed' } : { status: 'failed', favorite: state.confirmed, error };
    };
    return send(key, favorite).then(
      () => settle(true),
      (error: unknown) => settle(false, error),
    );
  };

  return {
    set: (key, favorite, current) => {
      let state = states.get(key);
      if (!state) {
        state = { confirmed: current, desired: current, seq: 0, inFlight: 0, latest: 'ok' };
        states.set(key, state);
      }
      state.desired = favorite;
      onChange(key, favorite, true);
      return dispatch(key, state);
    },
    isPending: (key) => {
      const state = states.get(key);
      return state !== undefined && state.latest === 'pending';
    },
  };
}
