import { useSession } from '../auth/session';
import { AdminAuditLog } from './admin-audit-log';
import { MyActivity } from './my-activity';
import { PlanPanel } from './plan-panel';
import { PrivacyPanel } from './privacy-panel';
import { UsagePanel } from './usage-panel';
import './account.css';

/** Plan and billing, usage against the plan's limits, privacy, activity; the audit log for administrators. */
export function AccountScreen() {
  const { me, isAdmin } = useSession();
  // The shell renders screens only when signed in; this keeps the types honest.
  if (!me) return null;
  return (
    <div className="account">
      <h1>Account</h1>
      <p className="muted account-who">
        Signed in as <strong>{me.displayName ?? me.email}</strong>
        {me.displayName && <> ({me.email})</>}
        {isAdmin && <span className="badge">administrator</span>}
      </p>
      <div className="account-columns">
        <PlanPanel me={me} />
        <PrivacyPanel me={me} />
      </div>
      <UsagePanel />
      <MyActivity />
      {isAdmin && <AdminAuditLog />}
    </div>
  );
}
