import {
  createColumnFormat,
  type Direction,
  type MapConfig,
  type MetricType,
  type MetricValueFormatOptions,
  seriesExtent,
} from '@arion-metrics/core';
import { NaturalEarth } from '@visx/geo';
import { type MouseEvent, useCallback, useEffect, useId, useMemo, useState } from 'react';
import { HiddenDataTable } from '../../a11y/data-table';
import { usePointNavigation } from '../../a11y/use-point-navigation';
import { colorOfStep, colorScaleFor, colorStepOf, noDataFill } from '../../theme/palette';
import { ChartTooltip, TooltipRow } from '../shared/chart-tooltip';
import { NoDataPattern } from '../shared/no-data-pattern';
import { PlotArea, plotAreaProps } from '../shared/plot-area';
import { StepLegend } from '../shared/step-legend';
import { usePlotSize } from '../shared/use-element-size';
import { WidgetFrame } from '../shared/widget-frame';
import type { WidgetBaseProps } from '../shared/widget-props';
import { SkeletonLegend, WidgetSkeleton } from '../shared/widget-skeleton';
import {
  type CountryFeature,
  loadWorldGeography,
  toNumericCountryCode,
  type WorldGeography,
} from './world-geography';

/** A value for one country. */
export interface CountryValue {
  /** ISO 3166-1 code: alpha-2 (`DE`), alpha-3 (`DEU`) or numeric (`276`). */
  readonly code: string;
  readonly value: number | null;
  /** Name shown instead of the map's English name. */
  readonly label?: string;
}

/** Props of {@link ChoroplethMap}: values by country, plus the `visualization_config` keys. */
export interface ChoroplethMapProps
  extends WidgetBaseProps,
    Omit<MapConfig, 'title' | 'description' | 'locale'> {
  readonly values: readonly CountryValue[];
  /** `direction`: with a `midpoint`, which side of it is better (blue) and which worse (orange). */
  readonly direction?: Direction | undefined;
  /**
   * The value that splits good from bad (usually `target_value`). With it and a direction the
   * colours diverge from it; without it they are sequential, light to dark with the magnitude.
   */
  readonly midpoint?: number | null | undefined;
  /** `metric_type`, for formatting. */
  readonly metricType?: MetricType | undefined;
  /** Geography to draw instead of loading the bundled world map (for tests, or another map). */
  readonly geography?: WorldGeography | undefined;
}

interface Shaded {
  readonly feature: CountryFeature;
  readonly name: string;
  readonly value: number;
}

const DEFAULT_HEIGHT = 280;

/**
 * A choropleth of values by country on an offline world map (Natural Earth 1:110m from
 * world-atlas, loaded lazily in its own chunk so it does not weigh on the other widgets).
 * Countries are matched by ISO 3166-1 code; unknown codes are listed under the map.
 * Arrow keys move between the countries that have values, with a tooltip.
 * @example <ChoroplethMap title="Open findings" values={[{ code: 'DE', value: 12 }, { code: 'USA', value: 30 }]} />
 */
export function ChoroplethMap(props: ChoroplethMapProps) {
  const { values, direction, metricType, locale } = props;
  const [geo, setGeo] = useState<WorldGeography | null>(props.geography ?? null);
  const [loadError, setLoadError] = useState<Error | null>(null);
  const load = useCallback(() => {
    setLoadError(null);
    loadWorldGeography().then(setGeo, (e: unknown) =>
      setLoadError(e instanceof Error ? e : new Error(`The world map could not be loaded: ${String(e)}`)),
    );
  }, []);
  useEffect(() => {
    if (props.geography !== undefined) setGeo(props.geography);
    else if (geo === null) load();
  }, [props.geography, geo, load]);

  const size = usePlotSize(props.width, props.height, DEFAULT_HEIGHT);
  const format: MetricValueFormatOptions = {
    locale,
    unit: props.unit,
    metricType,
    currency: props.currency,
    compact: props.compact,
    maximumFractionDigits: props.maximumFractionDigits,
  };

  const { shaded, unknown, byId } = useMemo(() => {
    const result = { shaded: [] as Shaded[], unknown: [] as string[], byId: new Map<string, number>() };
    if (geo === null) return result;
    const features = new Map(geo.countries.map((c) => [c.id, c]));
    for (const v of values) {
      const id = toNumericCountryCode(v.code, geo);
      const feature = id === null ? undefined : features.get(id);
      if (feature === undefined) {
        result.unknown.push(v.code);
        continue;
      }
      if (v.value === null) continue;
      result.byId.set(feature.id, v.value);
      result.shaded.push({ feature, name: v.label ?? feature.properties.name, value: v.value });
    }
    result.shaded.sort((a, b) => a.name.localeCompare(b.name, locale ?? 'en-US'));
    return result;
  }, [geo, values, locale]);

  const extent = seriesExtent(shaded.map((s) => s.value));
  const f = createColumnFormat(
    shaded.map((s) => s.value),
    format,
  ).format;
  const [lo, hi] = extent ?? [0, 1];
  const colorScale = colorScaleFor(lo, hi, { midpoint: props.midpoint, direction });
  const patternId = `arion-no-data-${useId().replace(/:/g, '')}`;
  const nav = usePointNavigation({ count: shaded.length });
  const active = nav.active === null ? undefined : shaded[nav.active];
  const [tooltipAt, setTooltipAt] = useState<[number, number] | null>(null);
  const isEmpty = geo !== null && shaded.length === 0;

  const summary =
    extent === undefined
      ? ''
      : `${props.title ?? 'Map'}: ${shaded.length} countries with values, from ${f(lo)} to ${f(hi)}. Highest: ${[
          ...shaded,
        ]
          .sort((a, b) => b.value - a.value)
          .slice(0, 3)
          .map((s) => `${s.name} ${f(s.value)}`)
          .join(', ')}.`;

  const onMouseMove = (event: MouseEvent<HTMLDivElement>) => {
    const target = event.target as Element;
    const id = target.getAttribute?.('data-country');
    const index = id ? shaded.findIndex((s) => s.feature.id === id) : -1;
    if (index < 0) {
      nav.setActive(null);
      return;
    }
    const rect = event.currentTarget.getBoundingClientRect();
    setTooltipAt([event.clientX - rect.left, event.clientY - rect.top]);
    nav.setActive(index);
  };

  const fitTarget = useMemo(
    () =>
      geo === null
        ? null
        : ({
            type: 'FeatureCollection',
            features: geo.countries.filter((c) => c.properties.name !== 'Antarctica'),
          } as const),
    [geo],
  );

  return (
    <WidgetFrame
      kind="arion-map"
      title={props.title}
      description={props.description}
      loading={props.loading || (geo === null && loadError === null)}
      error={props.error ?? loadError}
      onRetry={props.onRetry ?? (loadError ? load : undefined)}
      emptyMessage={props.emptyMessage}
      theme={props.theme}
      className={props.className}
      isEmpty={isEmpty}
      skeleton={<WidgetSkeleton shape="map" />}
      bodyHeight={props.height ?? DEFAULT_HEIGHT}
      loadingFooter={(props.showLegend ?? true) ? <SkeletonLegend /> : null}
      footer={
        <>
          {(props.showLegend ?? true) && extent !== undefined ? (
            <StepLegend
              low={f(lo)}
              high={f(hi)}
              scale={colorScale}
              midpoint={colorScale.kind === 'diverging' ? f(colorScale.midpoint) : undefined}
              showNoData
            />
          ) : null}
          {unknown.length > 0 ? (
            <p className="arion-hint" role="note" style={{ margin: 0 }}>
              Not on the map: {unknown.join(', ')} (expected ISO 3166-1 codes such as DE, DEU or 276).
            </p>
          ) : null}
        </>
      }
    >
      {geo !== null && fitTarget !== null ? (
        <PlotArea
          {...plotAreaProps(size, nav)}
          summary={summary}
          onBlur={() => {
            nav.onBlur();
            setTooltipAt(null);
          }}
          onMouseMove={onMouseMove}
          onMouseLeave={() => {
            nav.setActive(null);
            setTooltipAt(null);
          }}
          announcement={active ? `${active.name}: ${f(active.value)}` : null}
          overlay={
            active ? (
              // at the pointer; for keyboard focus in the top-left corner (the country is outlined and marked)
              <ChartTooltip
                x={tooltipAt?.[0] ?? 0}
                y={tooltipAt?.[1] ?? 12}
                containerWidth={size.width}
                title={active.name}
              >
                <TooltipRow
                  color={colorOfStep(colorStepOf(active.value, colorScale), colorScale)}
                  label="Value"
                  value={f(active.value)}
                />
              </ChartTooltip>
            ) : null
          }
        >
          <NoDataPattern id={patternId} />
          <NaturalEarth
            data={fitTarget.features as CountryFeature[]}
            fitSize={[[size.width, size.height], fitTarget as never]}
          >
            {({ features, path }) => (
              <g>
                {features.map(({ feature, path: d }) => {
                  const value = byId.get(feature.id);
                  const isActive = active?.feature.id === feature.id;
                  return (
                    <path
                      key={feature.id}
                      d={d ?? ''}
                      className={
                        value === undefined ? 'arion-map-country arion-no-data' : 'arion-map-country'
                      }
                      data-country={feature.id}
                      data-step={value === undefined ? 'none' : colorStepOf(value, colorScale)}
                      style={{
                        fill:
                          value === undefined
                            ? noDataFill(patternId)
                            : colorOfStep(colorStepOf(value, colorScale), colorScale),
                        stroke: isActive ? 'var(--arion-focus)' : 'var(--arion-surface)',
                        strokeWidth: isActive ? 2 : 0.5,
                      }}
                    />
                  );
                })}
                {active && tooltipAt === null ? (
                  <circle
                    className="arion-active-mark"
                    cx={path.centroid(active.feature)[0]}
                    cy={path.centroid(active.feature)[1]}
                    r={4}
                    style={{ fill: 'var(--arion-focus)' }}
                  />
                ) : null}
              </g>
            )}
          </NaturalEarth>
        </PlotArea>
      ) : null}
      <HiddenDataTable
        caption={`Data of ${props.title ?? 'the map'}`}
        columns={['Country', 'Value']}
        rows={shaded.map((s) => [s.name, f(s.value)])}
      />
    </WidgetFrame>
  );
}
