import { useMutation } from '@tanstack/react-query';
import { supabase } from '@/lib/supabase';
import { buildExport, type AccountRows } from '../utils/build-export';
import type { ExportFile } from '../utils/export-schema';
import { fetchAllRows } from '@/lib/fetch-all-rows';
import { downloadJson } from '@/lib/download-json';

/** Every row of the account that an export carries (RLS limits each read to the caller's own rows). */
export async function fetchAccountRows(): Promise<AccountRows> {
  const [connections, models, favoriteModels, presets, generations, generationFavorites, collections, collectionItems] = await Promise.all([
    fetchAllRows((from, to) => supabase.from('connections').select('*').order('created_at').order('id').range(from, to)),
    fetchAllRows((from, to) => supabase.from('models').select('*').order('connection_id').order('model_id').range(from, to)),
    fetchAllRows((from, to) => supabase.from('favorite_models').select('connection_id, model_id').order('connection_id').order('model_id').range(from, to)),
    fetchAllRows((from, to) => supabase.from('model_presets').select('*').order('created_at').order('id').range(from, to)),
    fetchAllRows((from, to) => supabase.from('generations').select('*').order('created_at').order('id').range(from, to)),
    fetchAllRows((from, to) => supabase.from('generation_favorites').select('generation_id').order('generation_id').range(from, to)),
    fetchAllRows((from, to) => supabase.from('collections').select('*').order('created_at').order('id').range(from, to)),
    fetchAllRows((from, to) =>
      supabase.from('collection_items').select('collection_id, generation_id, added_at').order('collection_id').order('generation_id').range(from, to),
    ),
  ]);
  return { connections, models, favoriteModels, presets, generations, generationFavorites, collections, collectionItems };
}

export function exportFileName(file: ExportFile): string {
  return `switchboard-export-${file.exported_at.slice(0, 10)}.json`;
}

/** Builds the export and hands it to the browser as a download. */
export async function exportAccount(): Promise<ExportFile> {
  const file = buildExport(await fetchAccountRows());
  downloadJson(file, exportFileName(file));
  return file;
}

export function useExportAccount() {
  return useMutation({ mutationFn: exportAccount });
}
