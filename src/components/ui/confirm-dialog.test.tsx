import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { Button } from './button';
import { ConfirmDialog } from './confirm-dialog';

function renderDialog(onConfirm: () => void | Promise<unknown>) {
  render(
    <ConfirmDialog
      title="Delete “Local Ollama”?"
      description="Its models and health history are deleted too."
      confirmLabel="Delete connection"
      destructive
      onConfirm={onConfirm}
      trigger={<Button>Delete</Button>}
    />,
  );
}

describe('ConfirmDialog', () => {
  it('asks first, with Cancel focused, and does nothing when cancelled', async () => {
    const onConfirm = vi.fn();
    renderDialog(onConfirm);
    await userEvent.click(screen.getByRole('button', { name: 'Delete' }));

    const dialog = screen.getByRole('alertdialog', { name: 'Delete “Local Ollama”?' });
    expect(dialog).toHaveAccessibleDescription('Its models and health history are deleted too.');
    expect(screen.getByRole('button', { name: 'Cancel' })).toHaveFocus();

    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(onConfirm).not.toHaveBeenCalled();
  });

  it('does nothing on Escape', async () => {
    const onConfirm = vi.fn();
    renderDialog(onConfirm);
    await userEvent.click(screen.getByRole('button', { name: 'Delete' }));
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(onConfirm).not.toHaveBeenCalled();
  });

  it('calls onConfirm once when confirmed, then closes', async () => {
    const onConfirm = vi.fn();
    renderDialog(onConfirm);
    await userEvent.click(screen.getByRole('button', { name: 'Delete' }));
    await userEvent.click(screen.getByRole('button', { name: 'Delete connection' }));
    expect(onConfirm).toHaveBeenCalledOnce();
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
  });

  it('stays open and busy while async work runs, and closes when it succeeds', async () => {
    let finish: () => void = () => {};
    const onConfirm = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    renderDialog(onConfirm);
    await userEvent.click(screen.getByRole('button', { name: 'Delete' }));
    await userEvent.click(screen.getByRole('button', { name: 'Delete connection' }));

    expect(screen.getByRole('alertdialog')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Delete connection' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Cancel' })).toBeDisabled();

    finish();
    await waitFor(() => expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument());
    expect(onConfirm).toHaveBeenCalledOnce();
  });

  it('stays open when async work fails, so the person can retry or cancel', async () => {
    const onConfirm = vi.fn(() => Promise.reject(new Error('offline')));
    renderDialog(onConfirm);
    await userEvent.click(screen.getByRole('button', { name: 'Delete' }));
    await userEvent.click(screen.getByRole('button', { name: 'Delete connection' }));
    await waitFor(() => expect(screen.getByRole('button', { name: 'Delete connection' })).toBeEnabled());
    expect(screen.getByRole('alertdialog')).toBeInTheDocument();
  });
});
