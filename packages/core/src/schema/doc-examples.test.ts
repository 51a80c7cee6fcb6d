import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import * as schema from './index';
import type { TableName } from './tables';
import { validateJsonb } from './validate';

/** `@example` JSON of each doc comment directly above `export const <name>` in the jsonb/ sources. */
function sourceExamples(): { name: string; file: string; json: string }[] {
  const dir = new URL('./jsonb/', import.meta.url);
  const found: { name: string; file: string; json: string }[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
    const source = readFileSync(new URL(file, dir), 'utf8');
    for (const [, comment, name] of source.matchAll(/\/\*\*([\s\S]*?)\*\/\s*export const (\w+)/g)) {
      const lines = comment!.split('\n').map((line) => line.replace(/^\s*\*\s?/, ''));
      let current: string[] | undefined;
      const flush = () => {
        if (current) found.push({ name: name!, file, json: current.join('\n').trim() });
        current = undefined;
      };
      for (const line of lines) {
        if (line.startsWith('@')) {
          flush();
          if (line.startsWith('@example')) current = [line.slice('@example'.length)];
        } else if (current) {
          current.push(line);
        }
      }
      flush();
    }
  }
  return found;
}

/** The ```json blocks of the README preceded by `<!-- example: table.column -->`. */
function readmeExamples(): { field: string; table: TableName; column: string; json: string }[] {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  return [...readme.matchAll(/<!-- example: (\w+)\.(\w+) -->\s*```json\n([\s\S]*?)```/g)].map(
    ([, table, column, json]) => ({
      field: `${table}.${column}`,
      table: table as TableName,
      column: column!,
      json: json!,
    }),
  );
}

describe('documented examples', () => {
  const examples = sourceExamples();

  it('finds the @example of every documented JSONB shape in the sources', () => {
    expect(new Set(examples.map((e) => e.name))).toEqual(
      new Set([
        'positionSchema',
        'layoutConfigSchema',
        'filtersConfigSchema',
        'dimensionFilterSchema',
        'dataConfigSchema',
        'dataSeriesSchema',
        'interactionConfigSchema',
        'dataSourcesSchema',
        'dataProviderSchema',
        'parametersSchema',
        'dimensionsSchema',
        'metadataSchema',
        'conditionDetailsSchema',
        'organizationSettingsSchema',
        'absoluteTimeRangeSchema',
        'dashboardTimeRangeSchema',
      ]),
    );
  });

  it.each(examples)('$name accepts its @example ($file)', ({ name, json }) => {
    const shape = (schema as unknown as Record<string, z.ZodType>)[name]!;
    const value: unknown = JSON.parse(json);
    const result = shape.safeParse(value);
    expect(result.error?.issues ?? []).toEqual([]);
    expect(result.data).toEqual(value);
  });

  const readme = readmeExamples();

  it('the README has an example for every JSONB column whose shape is defined here', () => {
    expect(new Set(readme.map((e) => `${e.table}.${e.column}`))).toEqual(
      new Set([
        'dashboard_widgets.position',
        'analytics_dashboards.layout_config',
        'analytics_dashboards.filters_config',
        'dashboard_widgets.data_config',
        'dashboard_widgets.interaction_config',
        'metric_definitions.data_sources',
        'metric_definitions.parameters',
        'metric_calculations.dimensions',
        'metric_calculations.metadata',
        'metric_alert_history.condition_details',
        'organizations.settings',
      ]),
    );
  });

  it.each(readme)('validateJsonb accepts the README example of $field', ({ table, column, json }) => {
    const value: unknown = JSON.parse(json);
    expect(validateJsonb(table, column as never, value)).toEqual(value);
  });
});
