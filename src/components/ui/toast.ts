import { toast as sonnerToast } from 'sonner';

/**
 * The app's notifications. Errors carry what happened and what to do, like every other error, and
 * stay until dismissed so nobody misses them.
 */
export const toast = {
  success: (message: string, description?: string) => sonnerToast.success(message, { description }),
  info: (message: string, description?: string) => sonnerToast(message, { description }),
  error: (message: string, description?: string) => sonnerToast.error(message, { description, duration: Infinity }),
  dismiss: (id?: string | number) => sonnerToast.dismiss(id),
};
