import { useMutation } from '@tanstack/react-query';
import { supabase } from '@/lib/supabase';
import { signUpSchema, type SignUpInput } from './schemas';

export interface SignUpResult {
  /**
   * True when the project requires email confirmation: there is no session yet, and the person must
   * open the link the server emailed before signing in.
   */
  needsEmailConfirmation: boolean;
}

export async function signUpWithPassword(input: SignUpInput): Promise<SignUpResult> {
  const { email, password } = signUpSchema.parse(input);
  const { data, error } = await supabase.auth.signUp({
    email,
    password,
    options: { emailRedirectTo: window.location.origin },
  });
  if (error) throw error;
  return { needsEmailConfirmation: data.session === null };
}

export function useSignUp() {
  return useMutation({ mutationFn: signUpWithPassword });
}
