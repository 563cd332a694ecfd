import { useCallback, useState, type ReactNode } from 'react';
import { QueryClientProvider, useQueryClient } from '@tanstack/react-query';
import { Toaster } from '@/components/ui/toaster';
import { TooltipProvider } from '@/components/ui/tooltip';
import { useAuthListener } from '@/features/auth/hooks/use-auth-listener';
import { clearStoredModelData } from '@/features/models/components/model-preferences-provider';
import { createQueryClient } from '@/lib/query-client';

function AuthSync() {
  const queryClient = useQueryClient();
  // One person's cached data must never be shown to the next person who signs in on this browser.
  const clearCache = useCallback(() => {
    queryClient.clear();
    clearStoredModelData();
  }, [queryClient]);
  useAuthListener(clearCache);
  return null;
}

export function AppProvider({ children }: { children: ReactNode }) {
  const [queryClient] = useState(createQueryClient);
  return (
    <QueryClientProvider client={queryClient}>
      <TooltipProvider delayDuration={300}>
        <AuthSync />
        {children}
        <Toaster />
      </TooltipProvider>
    </QueryClientProvider>
  );
}
