import { Boxes, Cable, Cpu, FolderHeart, History, Settings, SquareTerminal } from 'lucide-react';
import type { NavSection } from '@/components/layout/app-shell';
import { paths } from '@/config/paths';

export const navigation: NavSection[] = [
  {
    label: 'Connect',
    items: [
      { label: 'Connections', to: paths.connections, icon: Cable },
      { label: 'Models', to: paths.models, icon: Boxes },
      { label: 'Runtime', to: paths.runtime, icon: Cpu },
    ],
  },
  {
    label: 'Create',
    items: [
      { label: 'Playground', to: paths.playground, icon: SquareTerminal },
      { label: 'Generations', to: paths.generations, icon: History },
      { label: 'Collections', to: paths.collections, icon: FolderHeart },
    ],
  },
  {
    items: [{ label: 'Settings', to: paths.settings, icon: Settings }],
  },
];
