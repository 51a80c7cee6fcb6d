import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { ChoroplethMap } from './choropleth-map';
import { loadWorldGeography, toNumericCountryCode } from './world-geography';

const values = [
  { code: 'DE', value: 12 },
  { code: 'USA', value: 30 },
  { code: '076', value: 3 },
  { code: 'XX', value: 5 },
];

describe('ChoroplethMap', () => {
  it('loads the offline world map lazily and matches alpha-2, alpha-3 and numeric codes', async () => {
    const geo = await loadWorldGeography();
    expect(geo.countries.length).toBeGreaterThan(170);
    expect(toNumericCountryCode('de', geo)).toBe('276');
    expect(toNumericCountryCode('FRA', geo)).toBe('250');
    expect(toNumericCountryCode('76', geo)).toBe('076');
    expect(toNumericCountryCode('ZZZ', geo)).toBeNull();
  });

  it('shows a skeleton while loading, then shades the countries with values', async () => {
    const { container } = render(<ChoroplethMap title="Findings" values={values} width={600} height={300} />);
    expect(screen.getByRole('status')).toHaveTextContent('Loading Findings');
    const map = await screen.findByRole('img', {
      name: 'Findings: 3 countries with values, from 3 to 30. Highest: United States of America 30, Germany 12, Brazil 3.',
    });
    expect(map).toBeInTheDocument();
    expect(container.querySelector('[data-country="276"]')).toHaveAttribute('data-step', '1'); // (12 - 3) / (30 - 3) * 5 = 1.67
    expect(container.querySelector('[data-country="840"]')).toHaveAttribute('data-step', '4');
    expect(container.querySelector('[data-country="250"]')).toHaveAttribute('data-step', 'none');
    expect(screen.getByRole('note')).toHaveTextContent('Not on the map: XX');
  });

  it('reads the countries with values by keyboard, in name order', async () => {
    render(<ChoroplethMap title="Findings" values={values} width={600} height={300} />);
    await screen.findByRole('img', { name: /Findings/ });
    await userEvent.tab();
    expect(screen.getByRole('tooltip')).toHaveTextContent('BrazilValue3');
    await userEvent.keyboard('{ArrowRight}');
    expect(screen.getByRole('tooltip')).toHaveTextContent('GermanyValue12');
  });
});
