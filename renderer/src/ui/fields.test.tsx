// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { NumberField, SelectField, TimeField } from './fields';

afterEach(cleanup);

describe('form fields', () => {
  it('a number field is labelled, passes the text as typed, and links its error or hint', () => {
    const onChange = vi.fn();
    const { rerender } = render(<NumberField label="Comfort (°C)" value="21" hint="Empty: the room’s." onChange={onChange} />);
    const input = screen.getByRole('spinbutton', { name: 'Comfort (°C)' });
    expect(input.getAttribute('aria-invalid')).toBeNull();
    expect(document.getElementById(input.getAttribute('aria-describedby')!)?.textContent).toBe('Empty: the room’s.');
    fireEvent.change(input, { target: { value: '' } });
    expect(onChange).toHaveBeenLastCalledWith('');

    rerender(<NumberField label="Comfort (°C)" value="" error="Enter a number." hint="Empty: the room’s." onChange={onChange} />);
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(input.getAttribute('aria-describedby')!)?.textContent).toBe('Enter a number.');
    expect(screen.queryByText('Empty: the room’s.')).toBeNull();
  });

  it('a time field is a labelled time input', () => {
    render(<TimeField label="From" value="07:30" onChange={() => {}} />);
    const input = screen.getByLabelText('From') as HTMLInputElement;
    expect(input.type).toBe('time');
    expect(input.value).toBe('07:30');
  });

  it('a select is labelled and reports the option chosen', () => {
    const onChange = vi.fn();
    render(
      <SelectField
        label="Mode"
        value="heat"
        options={[
          ['heat', 'Heat'],
          ['cool', 'Cool'],
        ]}
        onChange={onChange}
      />,
    );
    fireEvent.change(screen.getByRole('combobox', { name: 'Mode' }), { target: { value: 'cool' } });
    expect(onChange).toHaveBeenLastCalledWith('cool');
  });
});
