import { create } from 'zustand';
import type { ModelKey } from '../utils/model-key';

/** Stars clicked while offline, held until the network returns: UI state, so the star can say so. */
interface WaitingFavoritesState {
  waiting: ReadonlySet<ModelKey>;
  setWaiting: (key: ModelKey, waiting: boolean) => void;
}

export const useWaitingFavoritesStore = create<WaitingFavoritesState>()((set, get) => ({
  waiting: new Set(),
  setWaiting: (key, waiting) => {
    if (get().waiting.has(key) === waiting) return;
    const next = new Set(get().waiting);
    if (waiting) next.add(key);
    else next.delete(key);
    set({ waiting: next });
  },
}));
