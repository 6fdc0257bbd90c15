import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import type { Usage } from '@ams/sdk';
import { useClient } from '../services';
import { formatBytes, formatDuration, formatPercent, formatUsd } from '../ui/format';
import { ErrorNotice, Loading } from '../ui/states';

/** From this share of a limit on, a meter warns. */
const NEAR_LIMIT = 0.8;

type LimitUse = Usage['uploads'];

export function useUsage() {
  const client = useClient();
  return useQuery({ queryKey: ['usage'], queryFn: () => client.call(client.api.GET('/v1/usage')) });
}

/** This period's use of each limit of the plan, and what the plan allows. */
export function UsagePanel() {
  const usage = useUsage();
  const headingId = useId();
  return (
    <section className="account-panel" aria-labelledby={headingId}>
      <h2 id={headingId}>Usage</h2>
      {usage.isPending && <Loading label="Loading usage…" />}
      {usage.isError && <ErrorNotice error={usage.error} title="Usage could not be loaded" onRetry={() => void usage.refetch()} />}
      {usage.data && <UsageDetails usage={usage.data} />}
    </section>
  );
}

function UsageDetails({ usage }: { usage: Usage }) {
  const count = (n: number) => n.toLocaleString();
  const ai = usage.aiCostUsd;
  const aiPastAlert = ai.alertThreshold !== null && ai.fraction !== null && ai.fraction >= ai.alertThreshold;
  return (
    <>
      <ul className="meters">
        <LimitMeter name="Uploads" use={usage.uploads} format={count} />
        <LimitMeter name="Searches" use={usage.searches} format={count} />
        <LimitMeter name="Storage" use={usage.storageBytes} format={formatBytes} />
        <LimitMeter
          name="AI cost"
          use={ai}
          format={formatUsd}
          forceWarning={
            aiPastAlert ? `AI spending passed your alert threshold (${formatPercent(ai.alertThreshold ?? 0)} of the cap).` : null
          }
        />
      </ul>
      <dl className="facts">
        <dt>Files</dt>
        <dd>
          {count(usage.totalFiles)} files, {count(usage.processedFiles)} processed
        </dd>
        <dt>Largest file</dt>
        <dd>{formatBytes(usage.maxFileSizeBytes)}</dd>
        <dt>Longest video</dt>
        <dd>{usage.maxVideoDurationSeconds === null ? 'Unlimited' : formatDuration(usage.maxVideoDurationSeconds)}</dd>
        <dt>Hourly rate limits</dt>
        <dd>
          {count(usage.rateLimitsPerHour.api)} API requests · {count(usage.rateLimitsPerHour.uploads)} uploads ·{' '}
          {count(usage.rateLimitsPerHour.searches)} searches
        </dd>
      </dl>
      <FeatureList title="Features" items={usage.features} />
      <FeatureList title="AI features" items={usage.aiFeatures} />
    </>
  );
}

/** One limit: a meter when there is a cap, "Unlimited" otherwise; warns in words, not only colour. */
function LimitMeter({
  name,
  use,
  format,
  forceWarning = null,
}: {
  name: string;
  use: LimitUse;
  format: (value: number) => string;
  forceWarning?: string | null;
}) {
  const used = format(use.used);
  if (use.limit === null) {
    return (
      <li className="meter">
        <div className="meter-head">
          <span className="meter-name">{name}</span>
          <span>
            {used} used · <strong>Unlimited</strong>
          </span>
        </div>
      </li>
    );
  }
  const fraction = use.fraction ?? (use.limit > 0 ? use.used / use.limit : 1);
  const nearLimit = fraction >= NEAR_LIMIT;
  const warning =
    forceWarning ??
    (fraction >= 1 ? `${name} limit reached.` : nearLimit ? `${formatPercent(fraction)} of your ${name.toLowerCase()} limit used.` : null);
  return (
    <li className={warning ? 'meter meter-warn' : 'meter'}>
      <div className="meter-head">
        <span className="meter-name">{name}</span>
        <span>
          {used} of {format(use.limit)}
        </span>
      </div>
      <progress aria-label={`${name} ${used} of ${format(use.limit)}`} value={Math.min(use.used, use.limit)} max={use.limit || 1} />
      {warning && <p className="meter-warning small">⚠ {warning}</p>}
    </li>
  );
}

function FeatureList({ title, items }: { title: string; items: string[] }) {
  const headingId = useId();
  return (
    <div className="feature-list">
      <h3 id={headingId}>{title}</h3>
      {items.length === 0 ? (
        <p className="muted small">None on this plan.</p>
      ) : (
        <ul aria-labelledby={headingId}>
          {items.map((item) => (
            <li key={item}>{item.replace(/[_-]/g, ' ')}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
