/** Storage keys come from ids only, never from anything the user sent. */
export const mediaKeys = (userId: string, mediaId: string, extension: string) => ({
  key: `media/${userId}/${mediaId}/original.${extension}`,
  thumbnailKey: `media/${userId}/${mediaId}/thumbnail.webp`,
});

/** Where a presigned upload lands before it is verified and registered. */
export const incomingKey = (userId: string, uploadId: string) => `incoming/${userId}/${uploadId}`;
