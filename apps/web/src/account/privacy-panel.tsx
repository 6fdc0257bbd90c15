import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import type { Me } from '@ams/sdk';
import { useClient } from '../services';
import { ErrorNotice } from '../ui/states';

/** Whether the text of searches is kept (search history, audit trail). */
export function PrivacyPanel({ me }: { me: Me }) {
  const client = useClient();
  const queryClient = useQueryClient();
  const headingId = useId();
  const [storeSearchQueries, setStoreSearchQueries] = useState(me.preferences.storeSearchQueries);

  const save = useMutation({
    mutationFn: (value: boolean) =>
      client.call(client.api.PATCH('/v1/me/preferences', { body: { storeSearchQueries: value } })),
    // The box follows the click at once and goes back if the API refuses.
    onMutate: (value) => {
      const previous = storeSearchQueries;
      setStoreSearchQueries(value);
      return { previous };
    },
    onError: (_error, _value, context) => {
      if (context) setStoreSearchQueries(context.previous);
    },
    onSuccess: (preferences) => {
      setStoreSearchQueries(preferences.storeSearchQueries);
      queryClient.setQueriesData<Me>({ queryKey: ['me'] }, (old) => (old ? { ...old, preferences } : old));
    },
  });

  return (
    <section className="account-panel" aria-labelledby={headingId}>
      <h2 id={headingId}>Privacy</h2>
      <label className="checkbox-label">
        <input
          type="checkbox"
          checked={storeSearchQueries}
          disabled={save.isPending}
          onChange={(event) => save.mutate(event.target.checked)}
        />
        Keep my search history text
      </label>
      <p className="muted small">
        When off, searching still works, but the words you search for are not kept in your search history or activity.
      </p>
      <p className="small save-state" role="status">
        {save.isPending ? 'Saving…' : save.isSuccess ? 'Saved' : ''}
      </p>
      {save.isError && <ErrorNotice error={save.error} title="Your preference was not saved" />}
    </section>
  );
}
