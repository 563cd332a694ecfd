import { useMutation } from '@tanstack/react-query';
import { supabase } from '@/lib/supabase';
import { credentialsSchema, type Credentials } from './schemas';

export async function signInWithPassword(input: Credentials) {
  const { email, password } = credentialsSchema.parse(input);
  const { data, error } = await supabase.auth.signInWithPassword({ email, password });
  if (error) throw error;
  return data;
}

/** Signing in emits SIGNED_IN before this resolves, so the session store is already up to date. */
export function useSignIn() {
  return useMutation({ mutationFn: signInWithPassword });
}
