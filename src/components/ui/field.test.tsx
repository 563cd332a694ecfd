import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Field } from './field';
import { Input } from './input';

describe('Field', () => {
  it('names its control with the label and describes it with the hint', () => {
    render(
      <Field label="Base URL" hint="Where the server listens.">
        <Input />
      </Field>,
    );
    const input = screen.getByRole('textbox', { name: 'Base URL' });
    expect(input).toHaveAccessibleDescription('Where the server listens.');
    expect(input).not.toHaveAttribute('aria-invalid');
  });

  it('marks the control invalid and reads the error before the hint', () => {
    render(
      <Field label="Base URL" hint="Where the server listens." error="Enter a URL.">
        <Input />
      </Field>,
    );
    const input = screen.getByRole('textbox', { name: 'Base URL' });
    expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(input).toHaveAccessibleDescription('Enter a URL. Where the server listens.');
  });

  it('keeps an id and a description the control already had', () => {
    render(
      <>
        <p id="extra">Shown in the picker.</p>
        <Field label="Name" error="Name is taken.">
          <Input id="connection-name" aria-describedby="extra" />
        </Field>
      </>,
    );
    const input = screen.getByLabelText('Name');
    expect(input).toHaveAttribute('id', 'connection-name');
    expect(input).toHaveAccessibleDescription('Shown in the picker. Name is taken.');
  });

  it('treats an empty error as no error', () => {
    render(
      <Field label="Name" error="">
        <Input />
      </Field>,
    );
    expect(screen.getByLabelText('Name')).not.toHaveAttribute('aria-invalid');
  });
});
