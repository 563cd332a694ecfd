import { act, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ModelPicker } from './model-picker';
import { catalogModel, createFakeModelsApi, giveElementsASize, renderWithModelsApi } from '../testing/model-testing';
import { FavoriteStarButton } from './favorite-star-button';
import { useModelCatalog } from '../hooks/use-model-catalog';

function CatalogStar({ modelId }: { modelId: string }) {
  const { data } = useModelCatalog();
  const model = data?.find((m) => m.model_id === modelId);
  return model ? <FavoriteStarButton model={model} /> : null;
}

// Rendering the picker with Radix on a busy 2-core machine can outlast the 5 s default.
describe('FavoriteStarButton', { timeout: 20_000 }, () => {
  it('stars at once, before the server answers, and the picker counts it in the same render', async () => {
    giveElementsASize();
    const { api, favoriteCalls } = createFakeModelsApi([catalogModel({ model_id: 'gpt-4o' })]);
    const { user } = renderWithModelsApi(
      <>
        <CatalogStar modelId="gpt-4o" />
        <ModelPicker value={null} onChange={() => {}} />
      </>,
      api,
    );
    // The catalog's star comes first; the picker shows its own star for the same model.
    const [star, pickerStar] = await screen.findAllByRole('button', { name: 'Add gpt-4o to favorites' });
    expect(star).toHaveAttribute('aria-pressed', 'false');

    await user.click(star!);
    expect(star).toHaveAttribute('aria-pressed', 'true');
    expect(pickerStar).toHaveAccessibleName('Remove gpt-4o from favorites');
    expect(screen.getByRole('tab', { name: 'Favorites (1)' })).toBeInTheDocument();
    expect(favoriteCalls.map((c) => c.input)).toEqual([{ connectionId: 'c1', modelId: 'gpt-4o', favorite: true }]);
    await act(async () => favoriteCalls[0]?.resolve());
    expect(star).toHaveAttribute('aria-pressed', 'true');
  });

  it('rolls back and explains when the server call fails', async () => {
    const { api, favoriteCalls } = createFakeModelsApi([catalogModel({ model_id: 'gpt-4o', is_favorite: true })]);
    const { user } = renderWithModelsApi(<CatalogStar modelId="gpt-4o" />, api);
    await user.click(await screen.findByRole('button', { name: 'Remove gpt-4o from favorites' }));
    expect(screen.getByRole('button', { name: 'Add gpt-4o to favorites' })).toHaveAttribute('aria-pressed', 'false');

    await act(async () => favoriteCalls[0]?.reject(new TypeError('Failed to fetch')));
    expect(await screen.findByRole('button', { name: 'Remove gpt-4o from favorites' })).toHaveAttribute('aria-pressed', 'true');
    expect(await screen.findByText(/gpt-4o could not be removed from favorites: the server could not be reached/)).toBeInTheDocument();
  });

  it('ends in the state of the last click even when the answers arrive in reverse order', async () => {
    const { api, favoriteCalls } = createFakeModelsApi([catalogModel({ model_id: 'gpt-4o' })]);
    const { user } = renderWithModelsApi(<CatalogStar modelId="gpt-4o" />, api);
    const star = await screen.findByRole('button', { name: 'Add gpt-4o to favorites' });
    for (let i = 0; i < 4; i += 1) await user.click(star); // on, off, on, off: the last click says "off"
    expect(star).toHaveAttribute('aria-pressed', 'false');
    expect(favoriteCalls.map((c) => c.input.favorite)).toEqual([true, false, true, false]);

    for (const call of [...favoriteCalls].reverse()) await act(async () => call.resolve());
    expect(star).toHaveAttribute('aria-pressed', 'false');
    // The oldest "on" was acknowledged last, so the server may hold it: the last intent is sent again.
    await waitFor(() => expect(favoriteCalls).toHaveLength(5));
    expect(favoriteCalls[4]?.input.favorite).toBe(false);
    await act(async () => favoriteCalls[4]?.resolve());
    expect(star).toHaveAttribute('aria-pressed', 'false');
  });
});
