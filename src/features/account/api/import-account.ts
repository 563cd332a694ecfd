import { useMutation, useQueryClient } from '@tanstack/react-query';
import { supabase } from '@/lib/supabase';
import type { ExportFile } from '../utils/export-schema';
import { generationFingerprint, planImport, planSize, type ExistingAccount, type ImportPlan } from '../utils/plan-import';
import { fetchAllRows } from '@/lib/fetch-all-rows';

/** Rows per insert request: small enough for PostgREST's body limit, large enough to be quick. */
const CHUNK = 500;

export interface AccountImportProgress {
  done: number;
  total: number;
}

export interface AccountImportResult {
  plan: ImportPlan;
  written: number;
}

async function fetchExisting(): Promise<ExistingAccount> {
  const [connections, presets, collections, generations] = await Promise.all([
    fetchAllRows((from, to) => supabase.from('connections').select('id, name').order('id').range(from, to)),
    fetchAllRows((from, to) => supabase.from('model_presets').select('id, name').order('id').range(from, to)),
    fetchAllRows((from, to) => supabase.from('collections').select('id, title').order('id').range(from, to)),
    fetchAllRows((from, to) => supabase.from('generations').select('id, model_id, prompt, system_prompt, output').order('id').range(from, to)),
  ]);
  return { connections, presets, collections, generations: new Map(generations.map((g) => [generationFingerprint(g), g.id])) };
}

type Writer = (rows: never[]) => PromiseLike<{ error: unknown }>;

/**
 * Restores an export file: plans against what the account already has, then writes parents before
 * children (connections, models, stars, presets, generations, hearts, collections, items). Stars,
 * hearts and items ignore duplicates, so importing the same file twice adds nothing.
 */
export async function importAccount(file: ExportFile, onProgress?: (progress: AccountImportProgress) => void): Promise<AccountImportResult> {
  const plan = planImport(file, await fetchExisting());
  const total = planSize(plan);
  let done = 0;
  onProgress?.({ done, total });

  const write = async (rows: readonly unknown[], writer: Writer) => {
    for (let start = 0; start < rows.length; start += CHUNK) {
      const chunk = rows.slice(start, start + CHUNK);
      const { error } = await writer(chunk as never[]);
      if (error) throw error;
      done += chunk.length;
      onProgress?.({ done, total });
    }
  };

  await write(plan.connections, (rows) => supabase.from('connections').insert(rows));
  await write(plan.models, (rows) => supabase.from('models').insert(rows));
  await write(plan.favoriteModels, (rows) => supabase.from('favorite_models').upsert(rows, { onConflict: 'owner_id,connection_id,model_id', ignoreDuplicates: true }));
  await write(plan.presets, (rows) => supabase.from('model_presets').insert(rows));
  await write(plan.generations, (rows) => supabase.from('generations').insert(rows));
  await write(plan.generationFavorites, (rows) => supabase.from('generation_favorites').upsert(rows, { onConflict: 'owner_id,generation_id', ignoreDuplicates: true }));
  await write(plan.collections, (rows) => supabase.from('collections').insert(rows));
  await write(plan.collectionItems, (rows) =>
    supabase.from('collection_items').upsert(rows, { onConflict: 'owner_id,collection_id,generation_id', ignoreDuplicates: true }),
  );
  return { plan, written: done };
}

export function useImportAccount(onProgress?: (progress: AccountImportProgress) => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (file: ExportFile) => importAccount(file, onProgress),
    // Everything may have changed: connections, models, presets, generations, collections.
    onSettled: () => queryClient.invalidateQueries(),
  });
}
