import { useState } from 'react';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { StatusBadge } from './badge';
import { Checkbox } from './checkbox';
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuTrigger } from './dropdown-menu';
import { Field } from './field';
import { Label } from './label';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from './select';
import { Switch } from './switch';
import { Tabs, TabsContent, TabsList, TabsTrigger } from './tabs';

describe('design system controls', () => {
  it('tabs follow the WAI-ARIA pattern: arrows move between tabs and show their panel', async () => {
    render(
      <Tabs defaultValue="all">
        <TabsList aria-label="Models">
          <TabsTrigger value="all">All</TabsTrigger>
          <TabsTrigger value="favorites">Favorites</TabsTrigger>
        </TabsList>
        <TabsContent value="all">Every model</TabsContent>
        <TabsContent value="favorites">Starred models</TabsContent>
      </Tabs>,
    );
    expect(screen.getByRole('tab', { name: 'All' })).toHaveAttribute('aria-selected', 'true');
    await userEvent.click(screen.getByRole('tab', { name: 'All' }));
    await userEvent.keyboard('{ArrowRight}');
    expect(screen.getByRole('tab', { name: 'Favorites' })).toHaveFocus();
    expect(screen.getByRole('tabpanel', { name: 'Favorites' })).toHaveTextContent('Starred models');
  });

  it('a switch is a labelled toggle', async () => {
    const onCheckedChange = vi.fn();
    render(
      <div className="flex items-center gap-2">
        <Switch id="enabled" onCheckedChange={onCheckedChange} />
        <Label htmlFor="enabled">Enabled</Label>
      </div>,
    );
    const toggle = screen.getByRole('switch', { name: 'Enabled' });
    expect(toggle).toHaveAttribute('aria-checked', 'false');
    await userEvent.click(toggle);
    expect(toggle).toHaveAttribute('aria-checked', 'true');
    expect(onCheckedChange).toHaveBeenCalledWith(true);
  });

  it('a checkbox toggles with the keyboard', async () => {
    render(
      <div>
        <Checkbox id="select-all" />
        <Label htmlFor="select-all">Select all</Label>
      </div>,
    );
    const checkbox = screen.getByRole('checkbox', { name: 'Select all' });
    checkbox.focus();
    await userEvent.keyboard(' ');
    expect(checkbox).toBeChecked();
  });

  it('a select inside a field is labelled and reports the chosen value', async () => {
    function KindPicker() {
      const [kind, setKind] = useState('');
      return (
        <>
          <Field label="Kind">
            <Select value={kind} onValueChange={setKind}>
              <SelectTrigger>
                <SelectValue placeholder="Choose a kind" />
              </SelectTrigger>
              <SelectContent>
                <SelectItem value="ollama">Ollama</SelectItem>
                <SelectItem value="openai">OpenAI</SelectItem>
              </SelectContent>
            </Select>
          </Field>
          <output>{kind}</output>
        </>
      );
    }
    render(<KindPicker />);
    const trigger = screen.getByRole('combobox', { name: 'Kind' });
    await userEvent.click(trigger);
    await userEvent.click(await screen.findByRole('option', { name: 'OpenAI' }));
    expect(screen.getByRole('status')).toHaveTextContent('openai');
    expect(trigger).toHaveTextContent('OpenAI');
  });

  it('a dropdown menu runs the chosen item', async () => {
    const onSelect = vi.fn();
    render(
      <DropdownMenu>
        <DropdownMenuTrigger>Actions</DropdownMenuTrigger>
        <DropdownMenuContent>
          <DropdownMenuItem onSelect={onSelect}>Check now</DropdownMenuItem>
        </DropdownMenuContent>
      </DropdownMenu>,
    );
    await userEvent.click(screen.getByRole('button', { name: 'Actions' }));
    await userEvent.click(await screen.findByRole('menuitem', { name: 'Check now' }));
    expect(onSelect).toHaveBeenCalledOnce();
  });

  it('a status badge says its status in words, not only in color', () => {
    render(<StatusBadge status="degraded" />);
    expect(screen.getByText('Degraded')).toBeInTheDocument();
  });
});
