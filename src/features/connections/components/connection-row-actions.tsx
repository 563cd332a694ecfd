import { Activity, ExternalLink, MoreHorizontal, Pencil, Trash2 } from 'lucide-react';
import { Link } from 'react-router';
import { Button } from '@/components/ui/button';
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuSeparator, DropdownMenuTrigger } from '@/components/ui/dropdown-menu';
import { connectionPath } from '@/config/paths';
import type { Connection } from '../types/connections';

interface ConnectionRowActionsProps {
  connection: Connection;
  onCheck: () => void;
  onEdit: () => void;
  onDelete: () => void;
  checking: boolean;
}

export function ConnectionRowActions({ connection, onCheck, onEdit, onDelete, checking }: ConnectionRowActionsProps) {
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="ghost" size="icon-sm" aria-label={`Actions for ${connection.name}`}>
          <MoreHorizontal />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end">
        <DropdownMenuItem asChild>
          <Link to={connectionPath(connection.id)}>
            <ExternalLink />
            Open
          </Link>
        </DropdownMenuItem>
        <DropdownMenuItem onSelect={onCheck} disabled={checking}>
          <Activity />
          Check now
        </DropdownMenuItem>
        <DropdownMenuItem onSelect={onEdit}>
          <Pencil />
          Edit
        </DropdownMenuItem>
        <DropdownMenuSeparator />
        <DropdownMenuItem destructive onSelect={onDelete}>
          <Trash2 />
          Delete
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
