import { sql } from 'kysely';
import type { AnyKysely } from '../any-kysely';

/**
 * The metric registry's version history and approval workflow (issue 6, points 2 and 3):
 *
 * - `metric_definition_versions`: one row per version of a metric definition (version 1 when it
 *   is created, one more per update): the whole definition as it was at that version, the fields
 *   that changed against the previous version (`changes`: `{ field: { from, to } }`), who and
 *   when, and whether the change sent the metric back for approval. A calculation's
 *   `metadata.definition_version` points at one of these rows.
 * - `metric_approvals`: every approval or rejection recorded for a metric, against the definition
 *   version the reviewer saw (who, when, note; a rejection must give its reason).
 *
 * Both follow the tenant pattern of 0001: `organization_id NOT NULL` cascading from
 * organizations, every other reference composite with `organization_id` so a row can never point
 * at another organization's metric or user. Approval kinds and decisions are TEXT with a CHECK
 * (not enum types) so a later migration can add a kind without `ALTER TYPE`.
 *
 * Frozen once released: later changes go in new migrations.
 */

/** The approval kinds of the spec ("Approval Requirements"), as stored in `metric_approvals.approval_type`. */
const APPROVAL_TYPES = ['metric_owner', 'calculation_methodology', 'data_sources', 'business_alignment'];

export const UP_STATEMENTS: readonly string[] = [
  `CREATE TABLE metric_definition_versions (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  metric_id UUID NOT NULL,
  version INTEGER NOT NULL,
  definition JSONB NOT NULL,
  changes JSONB NOT NULL DEFAULT '{}'::jsonb,
  requires_approval BOOLEAN NOT NULL DEFAULT false,
  changed_by UUID,
  changed_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  organization_id UUID NOT NULL,
  CONSTRAINT metric_definition_versions_organization_id_fkey FOREIGN KEY (organization_id)
    REFERENCES organizations (id) ON DELETE CASCADE,
  CONSTRAINT metric_definition_versions_metric_id_fkey FOREIGN KEY (organization_id, metric_id)
    REFERENCES metric_definitions (organization_id, id) ON DELETE CASCADE,
  CONSTRAINT metric_definition_versions_changed_by_fkey FOREIGN KEY (organization_id, changed_by)
    REFERENCES users (organization_id, id),
  CONSTRAINT valid_version_number CHECK (version >= 1),
  CONSTRAINT valid_version_definition CHECK (jsonb_typeof(definition) = 'object'),
  CONSTRAINT valid_version_changes CHECK (jsonb_typeof(changes) = 'object'),
  CONSTRAINT metric_definition_versions_metric_id_version_key UNIQUE (metric_id, version)
)`,
  `CREATE TABLE metric_approvals (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  metric_id UUID NOT NULL,
  definition_version INTEGER NOT NULL,
  approval_type TEXT NOT NULL,
  decision TEXT NOT NULL,
  note TEXT,
  decided_by UUID,
  decided_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  organization_id UUID NOT NULL,
  CONSTRAINT metric_approvals_organization_id_fkey FOREIGN KEY (organization_id)
    REFERENCES organizations (id) ON DELETE CASCADE,
  CONSTRAINT metric_approvals_metric_id_fkey FOREIGN KEY (organization_id, metric_id)
    REFERENCES metric_definitions (organization_id, id) ON DELETE CASCADE,
  CONSTRAINT metric_approvals_decided_by_fkey FOREIGN KEY (organization_id, decided_by)
    REFERENCES users (organization_id, id),
  CONSTRAINT valid_approval_type CHECK (approval_type IN (${APPROVAL_TYPES.map((t) => `'${t}'`).join(', ')})),
  CONSTRAINT valid_approval_decision CHECK (decision IN ('approved', 'rejected')),
  CONSTRAINT valid_approval_version CHECK (definition_version >= 1),
  CONSTRAINT rejection_has_reason CHECK (decision <> 'rejected' OR (note IS NOT NULL AND length(btrim(note)) > 0))
)`,
  `CREATE INDEX idx_metric_approvals_metric ON metric_approvals (metric_id, definition_version)`,
];

/** Tables in creation order; dropped in reverse. */
export const TABLES_IN_ORDER = ['metric_definition_versions', 'metric_approvals'] as const;

export async function up(db: AnyKysely): Promise<void> {
  for (const statement of UP_STATEMENTS) await sql.raw(statement).execute(db);
}

export async function down(db: AnyKysely): Promise<void> {
  for (const table of [...TABLES_IN_ORDER].reverse())
    await sql.raw(`DROP TABLE IF EXISTS ${table}`).execute(db);
}
