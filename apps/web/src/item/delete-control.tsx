import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import type { Media } from '@ams/sdk';
import { useClient } from '../services';
import { ErrorNotice } from '../ui/states';

/** "Delete", then an inline confirmation: deleting cannot be undone, so it takes two clicks. */
export function DeleteControl({ media }: { media: Media }) {
  const client = useClient();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [confirming, setConfirming] = useState(false);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const openerRef = useRef<HTMLButtonElement>(null);
  const messageId = useId();

  const remove = useMutation({
    mutationFn: () => client.call(client.api.DELETE('/v1/media/{id}', { params: { path: { id: media.id } } })),
    onSuccess: () => {
      // Dropped before leaving so nothing asks for the file that is gone.
      queryClient.removeQueries({ queryKey: ['media', media.id] });
      void navigate('/');
      void queryClient.invalidateQueries({ queryKey: ['media'] });
    },
  });

  // The safe choice gets focus, so Enter on a confirmation does not delete by accident.
  useEffect(() => {
    if (confirming) cancelRef.current?.focus();
  }, [confirming]);

  const close = () => {
    setConfirming(false);
    remove.reset();
    queueMicrotask(() => openerRef.current?.focus());
  };

  if (!confirming)
    return (
      <button type="button" className="danger" ref={openerRef} onClick={() => setConfirming(true)}>
        Delete
      </button>
    );

  return (
    <div
      className="confirm"
      role="alertdialog"
      aria-labelledby={messageId}
      onKeyDown={(event) => event.key === 'Escape' && !remove.isPending && close()}
    >
      <p id={messageId}>
        Delete {media.filename}? This cannot be undone.
      </p>
      {remove.isError && <ErrorNotice error={remove.error} title="The file was not deleted" />}
      <div className="form-actions">
        <button type="button" className="danger" disabled={remove.isPending} onClick={() => remove.mutate()}>
          Delete permanently
        </button>
        <button type="button" ref={cancelRef} disabled={remove.isPending} onClick={close}>
          Cancel
        </button>
      </div>
    </div>
  );
}
