import type { AuditEntry } from '@ams/sdk';
import { formatDate } from '../ui/format';

/** Audit entries as a table; `detailed` adds what administrators need (category, actor, target, IP). */
export function AuditTable({ label, entries, detailed = false }: { label: string; entries: AuditEntry[]; detailed?: boolean }) {
  return (
    // Scrolls sideways on a phone rather than squeezing the columns; focusable so keyboards can scroll it.
    <div className="table-scroll" tabIndex={0}>
      <table className="audit-table" aria-label={label}>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">{detailed ? 'Event type' : 'Event'}</th>
            {detailed && <th scope="col">Category</th>}
            <th scope="col">Risk</th>
            {detailed && (
              <>
                <th scope="col">Actor</th>
                <th scope="col">Target</th>
                <th scope="col">IP</th>
              </>
            )}
            <th scope="col">Description</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.id}>
              <td>
                <time dateTime={entry.occurredAt}>{formatDate(entry.occurredAt)}</time>
              </td>
              <td>
                <code>{entry.eventType}</code>
              </td>
              {detailed && <td>{entry.category}</td>}
              <td>
                <RiskBadge level={entry.riskLevel} />
              </td>
              {detailed && (
                <>
                  <td>
                    {entry.actorType}
                    {entry.actorIdentifier && <span className="muted small"> {entry.actorIdentifier}</span>}
                  </td>
                  <td>
                    {entry.targetType ?? '—'}
                    {entry.targetId && <span className="muted small"> {entry.targetId}</span>}
                  </td>
                  <td>{entry.ipAddress ?? '—'}</td>
                </>
              )}
              <td>{entry.description ?? entry.action}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function RiskBadge({ level }: { level: AuditEntry['riskLevel'] }) {
  if (!level) return <span className="muted">—</span>;
  return <span className={`badge risk risk-${level}`}>{level}</span>;
}
