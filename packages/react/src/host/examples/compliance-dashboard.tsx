import { DashboardHost } from '@arion-metrics/react';
import { createMetricsClient } from '@arion-metrics/react/client';
import '@arion-metrics/react/styles.css';

// Where the host app mounted the server's handler; the token is a session or signed embed token.
const client = createMetricsClient({
  baseUrl: '/api/metrics',
  getToken: () => sessionStorage.getItem('metrics-token'),
});

export function ComplianceDashboard({ dashboardId }: { readonly dashboardId: string }) {
  return <DashboardHost client={client} dashboardId={dashboardId} timeZone="Europe/Berlin" />;
}
