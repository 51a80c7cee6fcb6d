import { describe, expect, it } from 'vitest';
import { WIDGET_TYPES } from './enums';
import {
  parseVisualizationConfig,
  VisualizationConfigError,
  visualizationConfigSchema,
  visualizationConfigSchemas,
} from './visualization-config';

describe('visualization_config', () => {
  it('has one strict schema per widget type of the spec', () => {
    expect(Object.keys(visualizationConfigSchemas).sort()).toEqual([...WIDGET_TYPES].sort());
  });

  it('accepts {} for every chart and requires content for text and image widgets', () => {
    for (const type of WIDGET_TYPES) {
      if (type === 'text' || type === 'image') expect(() => parseVisualizationConfig(type, {})).toThrow();
      else expect(parseVisualizationConfig(type, {})).toEqual({});
    }
    expect(parseVisualizationConfig('text', { markdown: '# Hi' })).toEqual({ markdown: '# Hi' });
    expect(parseVisualizationConfig('image', { src: '/logo.png', alt: 'Company logo' }).alt).toBe(
      'Company logo',
    );
  });

  it('names the misspelt key and lists the allowed ones', () => {
    expect(() => parseVisualizationConfig('gauge', { min: 0, maxx: 10 })).toThrow(
      /^visualization_config\.maxx: got 10; allowed: only the keys .*\bmax\b.* \(unknown key "maxx"\) \(for a gauge widget\)$/,
    );
  });

  it('names the field and the value of a wrong setting', () => {
    const attempt = () => parseVisualizationConfig('bar_chart', { orientation: 'diagonal' });
    expect(attempt).toThrow(VisualizationConfigError);
    expect(attempt).toThrow('visualization_config.orientation: got "diagonal"; allowed: ');
    expect(() => parseVisualizationConfig('line_chart', { colors: ['red', 'url(javascript:x)'] })).toThrow(
      'visualization_config.colors.1: got "url(javascript:x)"; allowed: must be a CSS colour',
    );
    expect(() => parseVisualizationConfig('image', { src: 'javascript:alert(1)', alt: 'x' })).toThrow(
      'visualization_config.src: got "javascript:alert(1)"; allowed: ',
    );
    expect(() => parseVisualizationConfig('image', { src: '/a.png', alt: '  ' })).toThrow(
      'alt text is required',
    );
    expect(() => parseVisualizationConfig('table', { pageSize: 0 })).toThrow(
      'visualization_config.pageSize: got 0; allowed: ',
    );
    expect(() => parseVisualizationConfig('metric_card' as never, null)).toThrow(
      'visualization_config: got null; allowed: ',
    );
    expect(() => parseVisualizationConfig('sparkline' as never, {})).toThrow(
      'widget_type: got "sparkline"; allowed: one of metric_card',
    );
  });

  it('checks the common keys for any widget type and lets the others through at column level', () => {
    expect(visualizationConfigSchema.safeParse({ variant: 'donut', title: 'Mix' }).success).toBe(true);
    expect(visualizationConfigSchema.safeParse({ currency: 'usd' }).success).toBe(false);
    expect(visualizationConfigSchema.safeParse([]).success).toBe(false);
  });
});
