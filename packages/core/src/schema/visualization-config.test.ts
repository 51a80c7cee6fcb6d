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
      /^visualization_config\.maxx = 10 is not allowed for a gauge widget; expected only the keys .*\bmax\b.* \(unknown key "maxx"\)$/,
    );
  });

  it('names the field and the value of a wrong setting', () => {
    const attempt = () => parseVisualizationConfig('bar_chart', { orientation: 'diagonal' });
    expect(attempt).toThrow(VisualizationConfigError);
    expect(attempt).toThrow(
      'visualization_config.orientation = "diagonal" is not allowed for a bar_chart widget',
    );
    expect(() => parseVisualizationConfig('line_chart', { colors: ['red', 'url(javascript:x)'] })).toThrow(
      'visualization_config.colors.1 = "url(javascript:x)" is not allowed for a line_chart widget; expected must be a CSS colour',
    );
    expect(() => parseVisualizationConfig('image', { src: 'javascript:alert(1)', alt: 'x' })).toThrow(
      'visualization_config.src = "javascript:alert(1)" is not allowed for a image widget',
    );
    expect(() => parseVisualizationConfig('image', { src: '/a.png', alt: '  ' })).toThrow(
      'alt text is required',
    );
    expect(() => parseVisualizationConfig('table', { pageSize: 0 })).toThrow(
      'visualization_config.pageSize = 0',
    );
    expect(() => parseVisualizationConfig('metric_card' as never, null)).toThrow(
      'visualization_config = null',
    );
    expect(() => parseVisualizationConfig('sparkline' as never, {})).toThrow(
      'widget_type = "sparkline" is not allowed; expected one of metric_card',
    );
  });

  it('checks the common keys for any widget type and lets the others through at column level', () => {
    expect(visualizationConfigSchema.safeParse({ variant: 'donut', title: 'Mix' }).success).toBe(true);
    expect(visualizationConfigSchema.safeParse({ currency: 'usd' }).success).toBe(false);
    expect(visualizationConfigSchema.safeParse([]).success).toBe(false);
  });
});
