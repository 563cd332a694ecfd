import { act, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ModelPicker } from './model-picker';
import { catalogModel, createFakeModelsApi, giveElementsASize, renderWithModelsApi } from '../testing/model-testing';

const models = [
  catalogModel({ model_id: 'gpt-4o' }),
  catalogModel({ model_id: 'gpt-4o-mini' }),
  catalogModel({ model_id: 'o3', enabled: false }),
  catalogModel({ model_id: 'gpt-3.5-turbo', is_favorite: true, available: false }),
];

async function renderPicker() {
  giveElementsASize();
  const { api, favoriteCalls } = createFakeModelsApi(models);
  const onChange = vi.fn();
  const rendered = renderWithModelsApi(<ModelPicker value={null} onChange={onChange} />, api);
  const listbox = await screen.findByRole('listbox', { name: 'Models' });
  await within(listbox).findAllByRole('option');
  return { ...rendered, onChange, favoriteCalls, listbox };
}

const activeOption = (listbox: HTMLElement) => document.getElementById(listbox.getAttribute('aria-activedescendant') ?? '');

// Rendering the picker with Radix on a busy 2-core machine can outlast the 5 s default.
describe('ModelPicker', { timeout: 20_000 }, () => {
  it('moves the active option with the arrow keys and picks it with Enter', async () => {
    const { user, listbox, onChange } = await renderPicker();
    // Enabled models and favorites only, sorted by name; o3 is disabled.
    expect((await within(listbox).findAllByRole('option')).map((o) => o.getAttribute('aria-label'))).toEqual([
      'gpt-3.5-turbo (gpt-3.5-turbo) on OpenAI, favorite, unavailable',
      'gpt-4o (gpt-4o) on OpenAI',
      'gpt-4o-mini (gpt-4o-mini) on OpenAI',
    ]);
    expect(screen.getByRole('tab', { name: 'All (3)' })).toHaveAttribute('aria-selected', 'true');

    listbox.focus();
    await user.keyboard('{ArrowDown}{ArrowDown}{ArrowUp}');
    expect(activeOption(listbox)).toHaveAccessibleName('gpt-4o (gpt-4o) on OpenAI');
    await user.keyboard('{Enter}');
    expect(onChange).toHaveBeenCalledWith({ connectionId: 'c1', modelId: 'gpt-4o' }, expect.objectContaining({ model_id: 'gpt-4o' }));
  });

  it('stars the active option with "s" and shows it under Favorites with its count', async () => {
    const { user, listbox, favoriteCalls } = await renderPicker();
    listbox.focus();
    await user.keyboard('{ArrowDown}s');
    expect(favoriteCalls.map((c) => c.input)).toEqual([{ connectionId: 'c1', modelId: 'gpt-4o', favorite: true }]);
    expect(screen.getByRole('tab', { name: 'Favorites (2)' })).toBeInTheDocument();
    await act(async () => favoriteCalls[0]?.resolve());

    await user.click(screen.getByRole('tab', { name: 'Favorites (2)' }));
    const favorites = await screen.findByRole('listbox', { name: 'Favorite models' });
    expect(await within(favorites).findAllByRole('option')).toHaveLength(2);
    expect(within(favorites).getByText('Unavailable')).toBeInTheDocument();

    await user.type(screen.getByRole('searchbox', { name: 'Search favorites' }), 'gpt4o');
    expect(within(favorites).getAllByRole('option').map((o) => o.getAttribute('aria-label'))).toEqual(['gpt-4o (gpt-4o) on OpenAI, favorite']);
  });

  it('shows disabled models with "Show all", and says what to do when a tab is empty', async () => {
    giveElementsASize();
    const { api } = createFakeModelsApi([catalogModel({ model_id: 'o3', enabled: false })]);
    const { user } = renderWithModelsApi(<ModelPicker value={null} onChange={() => {}} />, api);
    expect(await screen.findByText(/No enabled models: turn on “Show all”/)).toBeInTheDocument();
    await user.click(screen.getByRole('switch', { name: /Show all models/ }));
    expect(await screen.findByRole('option', { name: 'o3 (o3) on OpenAI' })).toBeInTheDocument();
    await user.click(screen.getByRole('tab', { name: 'Favorites (0)' }));
    expect(await screen.findByText('No favorites yet: star a model to pin it here.')).toBeInTheDocument();
  });
});
