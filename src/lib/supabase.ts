import { createClient } from '@supabase/supabase-js';
import { getEnv } from '@/config/env';
import type { Database } from '@/lib/database.types';

const env = getEnv();

/**
 * The app's one Supabase client. It knows only the project URL and the public anon key, so the same
 * build works against `supabase start`, a hosted project or any compatible stack. supabase-js keeps
 * the session in localStorage and refreshes it, which is what makes a session survive a reload.
 */
export const supabase = createClient<Database>(env.VITE_SUPABASE_URL, env.VITE_SUPABASE_ANON_KEY, {
  auth: { persistSession: true, autoRefreshToken: true, detectSessionInUrl: true },
});
