import { useState } from 'react';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { Field } from './field';
import { OptionSelect, type SelectOption } from './option-select';

const connections: SelectOption[] = [
  { value: 'c1', label: 'Home Ollama' },
  { value: 'empty', label: 'A connection with an awkward id' },
];

function ConnectionFilter({ initial = null }: { initial?: string | null }) {
  const [value, setValue] = useState<string | null>(initial);
  return (
    <>
      <OptionSelect label="Connection" value={value} onChange={setValue} options={connections} emptyLabel="All connections" />
      <output>{value === null ? 'none chosen' : `chose ${value}`}</output>
    </>
  );
}

describe('OptionSelect', () => {
  it('starts on the empty choice, named by its label', () => {
    render(<ConnectionFilter />);
    expect(screen.getByRole('combobox', { name: 'Connection' })).toHaveTextContent('All connections');
    expect(screen.getByRole('status')).toHaveTextContent('none chosen');
  });

  it('offers the empty choice first, then the options, and reports the value picked', async () => {
    render(<ConnectionFilter />);
    const trigger = screen.getByRole('combobox', { name: 'Connection' });
    await userEvent.click(trigger);
    const items = await screen.findAllByRole('option');
    expect(items.map((item) => item.textContent)).toEqual(['All connections', 'Home Ollama', 'A connection with an awkward id']);
    await userEvent.click(screen.getByRole('option', { name: 'Home Ollama' }));
    expect(screen.getByRole('status')).toHaveTextContent('chose c1');
    expect(trigger).toHaveTextContent('Home Ollama');
  });

  it('goes back to null when the empty choice is picked', async () => {
    render(<ConnectionFilter initial="c1" />);
    const trigger = screen.getByRole('combobox', { name: 'Connection' });
    expect(trigger).toHaveTextContent('Home Ollama');
    await userEvent.click(trigger);
    await userEvent.click(await screen.findByRole('option', { name: 'All connections' }));
    expect(screen.getByRole('status')).toHaveTextContent('none chosen');
    expect(trigger).toHaveTextContent('All connections');
  });

  it('never mistakes an option whose value looks like the empty choice for it', async () => {
    render(<ConnectionFilter />);
    await userEvent.click(screen.getByRole('combobox', { name: 'Connection' }));
    await userEvent.click(await screen.findByRole('option', { name: 'A connection with an awkward id' }));
    expect(screen.getByRole('status')).toHaveTextContent('chose empty');
    expect(screen.getByRole('combobox', { name: 'Connection' })).toHaveTextContent('A connection with an awkward id');
  });

  it('inside a Field, takes the hint and the error as its description', () => {
    render(
      <Field label="Connection" hint="Optional" error="That connection was deleted.">
        <OptionSelect label="Connection" value={null} onChange={() => {}} options={connections} emptyLabel="No connection" />
      </Field>,
    );
    const trigger = screen.getByRole('combobox', { name: 'Connection' });
    expect(trigger).toHaveAccessibleDescription(/That connection was deleted\./);
    expect(trigger).toHaveAttribute('aria-invalid', 'true');
  });
});
