import { useEffect, useRef, useState } from 'react';
import { useObjectUrl } from './object-url';

/** Becomes true once the element scrolls near the viewport (always true without IntersectionObserver). */
function useNearViewport<T extends Element>(): [React.RefObject<T | null>, boolean] {
  const ref = useRef<T>(null);
  const [near, setNear] = useState(typeof IntersectionObserver === 'undefined');
  useEffect(() => {
    if (near || !ref.current) return;
    const observer = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && setNear(true), {
      rootMargin: '400px',
    });
    observer.observe(ref.current);
    return () => observer.disconnect();
  }, [near]);
  return [ref, near];
}

/** A media file's preview, loaded when it comes into view; a typed placeholder without one. */
export function Thumbnail({
  mediaId,
  hasThumbnail,
  fileType,
  alt,
}: {
  mediaId: string;
  hasThumbnail: boolean;
  fileType: 'image' | 'video';
  alt: string;
}) {
  const [ref, near] = useNearViewport<HTMLDivElement>();
  const { url, error } = useObjectUrl(hasThumbnail ? `/v1/media/${mediaId}/thumbnail` : null, {
    cache: true,
    enabled: near,
  });
  return (
    <div className="thumb" ref={ref}>
      {url ? (
        <img src={url} alt={alt} decoding="async" />
      ) : (
        <span className="thumb-placeholder" role="img" aria-label={error ? `${alt} (preview unavailable)` : alt}>
          {fileType === 'video' ? '▶' : '🖼'}
        </span>
      )}
    </div>
  );
}
