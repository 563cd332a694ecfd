import { screen, waitFor } from '@testing-library/react';
import { Toaster } from 'sonner';
import { describe, expect, it, vi } from 'vitest';
import { createTestQueryClient, renderWithProviders } from '@/testing/test-utils';
import { generationKeys } from '../api/keys';
import { HeartButton } from './heart-button';

const pending: { favorite: boolean; resolve: () => void; reject: (error: Error) => void }[] = [];

vi.mock('../api/generations', async (importOriginal) => {
  const { useQuery } = await import('@tanstack/react-query');
  const { generationKeys: keys } = await import('../api/keys');
  return {
    ...(await importOriginal<typeof import('../api/generations')>()),
    // The hearts come from the cache the test fills; the RPC is a call the test settles.
    useHeartedIds: () => useQuery({ queryKey: keys.hearts(), queryFn: () => new Set<string>(), staleTime: Infinity }),
    setGenerationFavorite: (_id: string, favorite: boolean) => new Promise<boolean>((resolve, reject) => pending.push({ favorite, resolve: () => resolve(favorite), reject })),
  };
});

function renderHeart(hearted: boolean) {
  pending.length = 0;
  const queryClient = createTestQueryClient();
  queryClient.setQueryData(generationKeys.hearts(), new Set(hearted ? ['g1'] : []));
  return renderWithProviders(
    <>
      <HeartButton generationId="g1" />
      <Toaster />
    </>,
    { queryClient },
  );
}

describe('HeartButton', () => {
  it('fills at once on click, and stays filled when the server agrees', async () => {
    const { user } = renderHeart(false);
    await user.click(screen.getByRole('button', { name: 'Heart this generation' }));
    expect(screen.getByRole('button', { name: 'Remove the heart' })).toHaveAttribute('aria-pressed', 'true');
    pending[0]!.resolve();
    await waitFor(() => expect(pending).toHaveLength(1));
    expect(screen.getByRole('button', { name: 'Remove the heart' })).toHaveAttribute('aria-pressed', 'true');
  });

  it('rolls back with a toast when the server refuses', async () => {
    const { user } = renderHeart(true);
    await user.click(screen.getByRole('button', { name: 'Remove the heart' }));
    expect(screen.getByRole('button', { name: 'Heart this generation' })).toHaveAttribute('aria-pressed', 'false');
    pending[0]!.reject(new Error('Failed to fetch'));
    expect(await screen.findByText('The heart could not be removed')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Remove the heart' })).toHaveAttribute('aria-pressed', 'true');
  });

  it('ends in the state of the last click, whatever order the answers come in', async () => {
    const { user } = renderHeart(false);
    const button = () => screen.getByRole('button', { pressed: undefined });
    await user.click(button());
    await user.click(button());
    await user.click(button());
    expect(pending.map((p) => p.favorite)).toEqual([true, false, true]);
    pending[2]!.resolve();
    pending[0]!.resolve();
    pending[1]!.resolve();
    await waitFor(() => expect(button()).toHaveAttribute('aria-pressed', 'true'));
  });
});
