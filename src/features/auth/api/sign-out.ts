import { useMutation, useQueryClient } from '@tanstack/react-query';
import { supabase } from '@/lib/supabase';
import { toast } from '@/components/ui/toast';
import { describeAuthError } from '../utils/auth-error';

/** Ends this browser's session (other devices stay signed in) and revokes it on the server. */
export async function signOut(): Promise<void> {
  const { error } = await supabase.auth.signOut({ scope: 'local' });
  if (error) throw error;
}

export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: signOut,
    // Nothing of one person's data may linger in the cache for whoever signs in next.
    onSuccess: () => queryClient.clear(),
    onError: (error) => toast.error('Could not sign out', describeAuthError(error).message),
  });
}
