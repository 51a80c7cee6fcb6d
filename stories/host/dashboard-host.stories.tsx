import { DashboardHost } from '@arion-metrics/react';
import { createMetricsClient } from '@arion-metrics/react/client';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { DASHBOARD_ID, sampleFetch, WIDGET_IDS } from '../../packages/react/src/testing/sample-dashboard';

/** A fixed clock, so the range shown in the filter bar (and the screenshot) does not change by the day. */
const now = () => new Date('2026-01-31T12:00:00Z');

/** The host over a fake fetch that answers from the sample dashboard (no server needed). */
function hostArgs(options: Parameters<typeof sampleFetch>[0] = {}) {
  return {
    client: createMetricsClient({ baseUrl: '/api', fetch: sampleFetch(options) }),
    dashboardId: DASHBOARD_ID,
    timeZone: 'Europe/Berlin',
    now,
  };
}

const meta = {
  title: 'Host/DashboardHost',
  component: DashboardHost,
  args: hostArgs(),
  parameters: { frameWidth: 1100 },
} satisfies Meta<typeof DashboardHost>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Overview: Story = {};

/** The dashboard's `theme` is dark. */
export const DarkTheme: Story = {
  args: hostArgs({ dashboard: { theme: 'dark' } }),
  parameters: { theme: 'dark' },
};

/** One widget's data fails: its cell shows the error and a Retry button; the others draw. */
export const OneFailingWidget: Story = { args: hostArgs({ failing: [WIDGET_IDS.bar] }) };

/** A narrow container: the widgets stack in position order. */
export const Narrow: Story = { parameters: { frameWidth: 420 } };

/** An embed token's locked aggregation level: shown, not editable. */
export const LockedFilter: Story = { args: { lockedFilters: { aggregationLevel: 'department' } } };
