import { useMutation, useQueryClient } from '@tanstack/react-query';
import { toast } from '@/components/ui/toast';
import type { CatalogModel } from '../api/get-model-catalog';
import { modelKeys } from '../api/keys';
import { useModelsApi } from '../api/models-api';
import { describeModelsError } from './describe-error';

interface ToggleEnabledInput {
  model: Pick<CatalogModel, 'connection_id' | 'model_id' | 'label'>;
  enabled: boolean;
}

function writeEnabled(models: CatalogModel[] | undefined, { model, enabled }: ToggleEnabledInput) {
  return models?.map((m) => (m.connection_id === model.connection_id && m.model_id === model.model_id ? { ...m, enabled } : m));
}

/** Optimistic: the switch moves at once; a failure puts it back and says why. */
export function useToggleEnabled() {
  const queryClient = useQueryClient();
  const api = useModelsApi();
  return useMutation({
    mutationFn: ({ model, enabled }: ToggleEnabledInput) => api.setModelEnabled({ connectionId: model.connection_id, modelId: model.model_id, enabled }),
    onMutate: async (input) => {
      await queryClient.cancelQueries({ queryKey: modelKeys.catalog() });
      queryClient.setQueryData<CatalogModel[]>(modelKeys.catalog(), (models) => writeEnabled(models, input));
    },
    onError: (error, input) => {
      queryClient.setQueryData<CatalogModel[]>(modelKeys.catalog(), (models) => writeEnabled(models, { ...input, enabled: !input.enabled }));
      toast.error(describeModelsError(error, `${input.model.label} could not be ${input.enabled ? 'enabled' : 'disabled'}`));
    },
  });
}
