import { sql } from 'kysely';
import type { AnyKysely } from '../any-kysely';

/**
 * The runtime's own tables (issue 16):
 *
 * - `alert_states`: the alert state machine's state per rule and aggregation unit, so that a
 *   restart or a second worker continues the lifecycle instead of starting over;
 * - `contact_points`: where an organization's webhook notifications go and the secret they are
 *   signed with (written by admins, the secret never read back by the SDK);
 * - `notification_deliveries`: one row per notification of a history row to a contact point,
 *   unique by idempotency key (never a second send), `dead` after the last try (the dead letter).
 *
 * `metric_alert_history` gets `UNIQUE (organization_id, id)` so deliveries can reference it
 * within the tenant. Frozen once released.
 */
export const UP_STATEMENTS: readonly string[] = [
  `ALTER TABLE metric_alert_history
     ADD CONSTRAINT metric_alert_history_organization_id_id_key UNIQUE (organization_id, id)`,
  `CREATE TABLE alert_states (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id UUID NOT NULL,
  alert_id UUID NOT NULL,
  aggregation_level TEXT NOT NULL DEFAULT 'org',
  aggregation_id UUID,
  status TEXT NOT NULL,
  state JSONB NOT NULL,
  updated_by UUID,
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  CONSTRAINT alert_states_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES organizations (id) ON DELETE CASCADE,
  CONSTRAINT alert_states_alert_id_fkey FOREIGN KEY (organization_id, alert_id) REFERENCES metric_alerts (organization_id, id) ON DELETE CASCADE,
  CONSTRAINT alert_states_updated_by_fkey FOREIGN KEY (organization_id, updated_by) REFERENCES users (organization_id, id),
  CONSTRAINT alert_states_unit_key UNIQUE NULLS NOT DISTINCT (alert_id, aggregation_level, aggregation_id),
  CONSTRAINT valid_alert_state_status CHECK (status IN ('normal', 'pending', 'firing', 'escalated', 'acknowledged', 'resolved', 'no_data', 'error')),
  CONSTRAINT valid_alert_state CHECK (jsonb_typeof(state) = 'object')
)`,
  `CREATE TABLE contact_points (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id UUID NOT NULL,
  channel TEXT NOT NULL,
  name TEXT NOT NULL,
  url TEXT NOT NULL,
  secret TEXT NOT NULL,
  is_active BOOLEAN NOT NULL DEFAULT true,
  created_by UUID,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_by UUID,
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  CONSTRAINT contact_points_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES organizations (id) ON DELETE CASCADE,
  CONSTRAINT contact_points_created_by_fkey FOREIGN KEY (organization_id, created_by) REFERENCES users (organization_id, id),
  CONSTRAINT contact_points_updated_by_fkey FOREIGN KEY (organization_id, updated_by) REFERENCES users (organization_id, id),
  CONSTRAINT contact_points_organization_id_name_key UNIQUE (organization_id, name),
  CONSTRAINT contact_points_organization_id_id_key UNIQUE (organization_id, id),
  CONSTRAINT valid_contact_point_channel CHECK (channel IN ('webhook')),
  CONSTRAINT valid_contact_point_secret CHECK (length(secret) >= 16)
)`,
  `CREATE TABLE notification_deliveries (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id UUID NOT NULL,
  idempotency_key TEXT NOT NULL,
  history_id UUID NOT NULL,
  contact_point_id UUID NOT NULL,
  kind TEXT NOT NULL,
  payload JSONB NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending',
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  delivered_at TIMESTAMPTZ,
  created_by UUID,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  CONSTRAINT notification_deliveries_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES organizations (id) ON DELETE CASCADE,
  CONSTRAINT notification_deliveries_history_id_fkey FOREIGN KEY (organization_id, history_id) REFERENCES metric_alert_history (organization_id, id) ON DELETE CASCADE,
  CONSTRAINT notification_deliveries_contact_point_id_fkey FOREIGN KEY (organization_id, contact_point_id) REFERENCES contact_points (organization_id, id) ON DELETE CASCADE,
  CONSTRAINT notification_deliveries_created_by_fkey FOREIGN KEY (organization_id, created_by) REFERENCES users (organization_id, id),
  CONSTRAINT notification_deliveries_idempotency_key UNIQUE (organization_id, idempotency_key),
  CONSTRAINT valid_delivery_status CHECK (status IN ('pending', 'delivered', 'dead')),
  CONSTRAINT valid_delivery_attempts CHECK (attempts >= 0),
  CONSTRAINT valid_delivery_payload CHECK (jsonb_typeof(payload) = 'object')
)`,
  `CREATE INDEX idx_notification_deliveries_pending ON notification_deliveries (organization_id, created_at) WHERE status = 'pending'`,
];

/** Undoes {@link UP_STATEMENTS}, children first. */
export const DOWN_STATEMENTS: readonly string[] = [
  'DROP TABLE IF EXISTS notification_deliveries',
  'DROP TABLE IF EXISTS contact_points',
  'DROP TABLE IF EXISTS alert_states',
  'ALTER TABLE metric_alert_history DROP CONSTRAINT IF EXISTS metric_alert_history_organization_id_id_key',
];

const run = async (db: AnyKysely, statements: readonly string[]) => {
  for (const statement of statements) await sql.raw(statement).execute(db);
};

export const up = (db: AnyKysely): Promise<void> => run(db, UP_STATEMENTS);

export const down = (db: AnyKysely): Promise<void> => run(db, DOWN_STATEMENTS);
